import { readFileSync } from 'node:fs';
import { ConfigurationError, defineSettings, type SettingsOf } from '@wijkteam/runtime';
import { z } from 'zod';
import { type AfwegingskaderReference, AfwegingskaderInvalid, DEFAULT_AFWEGINGSKADER, parseAfwegingskader } from './domain/afwegingskader';
import { DEFAULT_ETM_LEVELS, type EtmLevels, EtmLevelsInvalid, parseEtmLevels } from './domain/etm-levels';
import { DEFAULT_SAFETY_PLAN_DAYS } from './domain/safety-plan';

/** A reference file named by a setting: read, parsed, or a ConfigurationError naming the variable and the entry. */
function referenceFile<T>(variable: string, file: string, parse: (input: unknown) => T, invalid: new (...args: never[]) => Error): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigurationError(variable, 'must name a readable JSON file');
  }
  try {
    return parse(parsed);
  } catch (error) {
    if (error instanceof invalid) throw new ConfigurationError(variable, error.message);
    throw error;
  }
}

/** Checks a reference file with the other settings, so a wrong file stops the start before anything runs. */
function checkedFile(variable: string, load: (file: string) => unknown) {
  return z
    .string()
    .min(1)
    .optional()
    .superRefine((file, ctx) => {
      try {
        if (file) load(file);
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message.replace(new RegExp(`^Configuration error: ${variable} `), '') });
      }
    });
}

/** What only the safety service reads from the environment. */
export const SafetySettings = defineSettings('safety', {
  /** The ETM level descriptions (JSON, see infra/safety/etm-levels.json); absent: the list as shipped. */
  SAFETY_ETM_LEVELS_FILE: checkedFile('SAFETY_ETM_LEVELS_FILE', (file): EtmLevels => etmLevelsFrom(file)),
  /** The afwegingskader questions of the Meldcode (JSON, see infra/safety/afwegingskader.json); absent: the five questions as shipped. */
  SAFETY_AFWEGINGSKADER_FILE: checkedFile('SAFETY_AFWEGINGSKADER_FILE', (file): AfwegingskaderReference => afwegingskaderFrom(file)),
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

/** The afwegingskader the Meldcode decider checks step 4 against: inject with this token. */
export const AFWEGINGSKADER = Symbol.for('wijkteam.safety.afwegingskader');

const etmLevelsFrom = (file: string): EtmLevels => referenceFile('SAFETY_ETM_LEVELS_FILE', file, parseEtmLevels, EtmLevelsInvalid);
const afwegingskaderFrom = (file: string): AfwegingskaderReference => referenceFile('SAFETY_AFWEGINGSKADER_FILE', file, parseAfwegingskader, AfwegingskaderInvalid);

export function loadEtmLevels(settings: { SAFETY_ETM_LEVELS_FILE?: string }): EtmLevels {
  return settings.SAFETY_ETM_LEVELS_FILE ? etmLevelsFrom(settings.SAFETY_ETM_LEVELS_FILE) : DEFAULT_ETM_LEVELS;
}

export function loadAfwegingskader(settings: { SAFETY_AFWEGINGSKADER_FILE?: string }): AfwegingskaderReference {
  return settings.SAFETY_AFWEGINGSKADER_FILE ? afwegingskaderFrom(settings.SAFETY_AFWEGINGSKADER_FILE) : DEFAULT_AFWEGINGSKADER;
}

export const etmLevelsProvider = {
  provide: ETM_LEVELS,
  inject: [SafetySettings.token],
  useFactory: (settings: SafetySettings): EtmLevels => loadEtmLevels(settings),
};

export const afwegingskaderProvider = {
  provide: AFWEGINGSKADER,
  inject: [SafetySettings.token],
  useFactory: (settings: SafetySettings): AfwegingskaderReference => loadAfwegingskader(settings),
};
