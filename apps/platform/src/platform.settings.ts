import { booleanFlag, defineSettings, type SettingsOf } from '@wijkteam/runtime';

/** What only the embedded platform reads from the environment. */
export const PlatformSettings = defineSettings('platform', {
  /** Demo families on first start (the platform's launcher defaults it to true). */
  DEMO_DATA: booleanFlag.default('false'),
});
export type PlatformSettings = SettingsOf<typeof PlatformSettings>;
