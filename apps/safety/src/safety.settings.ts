import { readFileSync } from 'node:fs';
import { ConfigurationError, defineSettings, type SettingsOf } from '@wijkteam/runtime';
import { z } from 'zod';
import { DEFAULT_ETM_LEVELS, type EtmLevels, EtmLevelsInvalid, parseEtmLevels } from './domain/etm-levels';
import { DEFAULT_SAFETY_PLAN_DAYS } from './domain/safety-plan';

/** What only the safety service reads from the environment. */
export const SafetySettings = defineSettings('safety', {
  /** The ETM level descriptions (JSON, see infra/safety/etm-levels.json); absent: the list as shipped. */
  SAFETY_ETM_LEVELS_FILE: z
    .string()
    .min(1)
    .optional()
    // Read and checked with the other settings, so a wrong file stops the start before anything runs.
    .superRefine((file, ctx) => {
      try {
        if (file) loadEtmLevels({ SAFETY_ETM_LEVELS_FILE: file });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message.replace(/^Configuration error: SAFETY_ETM_LEVELS_FILE /, '') });
      }
    }),
  /**
   * Calendar days after an ETM 5 by which the safety plan must be recorded; overdue after that day.
   * No seed gives a number (seed 000: "Voor 2015 moeten hier nog heldere afspraken over gemaakt
   * worden"). Five: at ETM 5 the child is unsafe now, so the plan cannot wait a full week; five
   * calendar days always hold one of the team's two weekly case consultations (seed 000: Monday
   * and Thursday), where the plan is weighed with colleagues, and at most one weekend.
   */
  SAFETY_PLAN_DAYS: z.coerce.number().int().min(1).max(28).default(DEFAULT_SAFETY_PLAN_DAYS),
});
export type SafetySettings = SettingsOf<typeof SafetySettings>;

/** The ETM level descriptions shown to professionals: inject with this token. */
export const ETM_LEVELS = Symbol.for('wijkteam.safety.etm-levels');

export function loadEtmLevels(settings: Pick<SafetySettings, 'SAFETY_ETM_LEVELS_FILE'>): EtmLevels {
  const file = settings.SAFETY_ETM_LEVELS_FILE;
  if (!file) return DEFAULT_ETM_LEVELS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigurationError('SAFETY_ETM_LEVELS_FILE', 'must name a readable JSON file');
  }
  try {
    return parseEtmLevels(parsed);
  } catch (error) {
    if (error instanceof EtmLevelsInvalid) throw new ConfigurationError('SAFETY_ETM_LEVELS_FILE', error.message);
    throw error;
  }
}

export const etmLevelsProvider = {
  provide: ETM_LEVELS,
  inject: [SafetySettings.token],
  useFactory: (settings: SafetySettings): EtmLevels => loadEtmLevels(settings),
};
