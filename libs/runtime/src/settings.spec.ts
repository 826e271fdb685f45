import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { z } from 'zod';
import { APP_CONFIG, ConfigurationError, loadConfig } from './config';
import { checkServiceSettings, defineSettings, type SettingsOf } from './settings';

const Teams = defineSettings('settings-spec', {
  TEAM_SIZE_LIMIT: z.coerce.number().int().min(1).default(12),
});
type Teams = SettingsOf<typeof Teams>;

@Injectable()
class UsesTeams {
  constructor(@Inject(Teams.token) readonly settings: Teams) {}
}

const base = { AUTH_MODE: 'development', NODE_ENV: 'test' };

describe("a service's own settings", () => {
  it('are not part of the process-wide config', () => {
    expect(loadConfig({ ...base, TEAM_SIZE_LIMIT: '7' })).not.toHaveProperty('TEAM_SIZE_LIMIT');
  });

  it('parse the environment the config was loaded from, launcher defaults included', async () => {
    const config = loadConfig(base, { TEAM_SIZE_LIMIT: '7' });
    @Module({ providers: [{ provide: APP_CONFIG, useValue: config }, Teams.provider, UsesTeams] })
    class Host {}
    const app = await Test.createTestingModule({ imports: [Host] }).compile();
    expect(app.get(UsesTeams).settings).toEqual({ TEAM_SIZE_LIMIT: 7 });
    expect(Teams.load({})).toEqual({ TEAM_SIZE_LIMIT: 12 });
  });

  it('refuse a wrong value in one line naming the variable, before the application is built', () => {
    const config = loadConfig({ ...base, TEAM_SIZE_LIMIT: '0' });
    expect(() => checkServiceSettings(config)).toThrow(ConfigurationError);
    expect(() => checkServiceSettings(config)).toThrow(/^Configuration error: TEAM_SIZE_LIMIT /);
    expect(() => checkServiceSettings(loadConfig({ ...base, TEAM_SIZE_LIMIT: '3' }))).not.toThrow();
  });
});
