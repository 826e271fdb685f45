import { readFileSync } from 'node:fs';
import { ConfigurationError, defineSettings, type SettingsOf } from '@wijkteam/runtime';
import { z } from 'zod';
import { type EligibilityRules } from './domain/eligibility';
import { DEFAULT_ELIGIBILITY_RULES, EligibilityRulesInvalid, parseEligibilityRules } from './domain/eligibility-rules';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** What only the intake service reads from the environment. */
export const IntakeSettings = defineSettings('intake', {
  /** The eligibility rules per route (JSON, see infra/intake/eligibility-rules.json); absent: seed 000's table as shipped. */
  INTAKE_RULES_FILE: z
    .string()
    .min(1)
    .optional()
    // Read and checked with the other settings, so a wrong file stops the start before anything runs.
    .superRefine((file, ctx) => {
      try {
        if (file) loadEligibilityRules({ INTAKE_RULES_FILE: file });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message.replace(/^Configuration error: INTAKE_RULES_FILE /, '') });
      }
    }),
  /**
   * The key of the care-history match (HMAC-SHA-256 of a BSN, or of name and birth date): base64 of
   * at least 32 bytes, from the secret store. Required in production; elsewhere a development key is used.
   */
  INTAKE_MATCH_SECRET: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length >= 32, 'must be base64 of at least 32 bytes')
    .optional(),
  /** The case-conference days (seed 000: Monday and Thursday), as `mon,thu`. */
  INTAKE_CONFERENCE_DAYS: z
    .string()
    .default('mon,thu')
    .transform((value) => value.split(',').map((day) => day.trim().toLowerCase()))
    .refine((days) => days.length > 0 && days.every((day) => (WEEKDAYS as readonly string[]).includes(day)), 'must list weekdays as mon,tue,…,sun')
    .transform((days) => [...new Set(days.map((day) => WEEKDAYS.indexOf(day as (typeof WEEKDAYS)[number])))].sort()),
  /** seed 000: the first visit within 2 weeks of the referral. */
  INTAKE_FIRST_VISIT_DAYS: z.coerce.number().int().min(1).max(60).default(14),
});
export type IntakeSettings = SettingsOf<typeof IntakeSettings>;

/** The rules the referral decider uses: the file named by INTAKE_RULES_FILE, else the default. */
export const ELIGIBILITY_RULES = Symbol.for('wijkteam.intake.eligibility-rules');

/** Reads and validates the rules file; a wrong file stops the start naming the rule at fault. */
export function loadEligibilityRules(settings: Pick<IntakeSettings, 'INTAKE_RULES_FILE'>): EligibilityRules {
  const file = settings.INTAKE_RULES_FILE;
  if (!file) return DEFAULT_ELIGIBILITY_RULES;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigurationError('INTAKE_RULES_FILE', 'must name a readable JSON file');
  }
  try {
    return parseEligibilityRules(parsed);
  } catch (error) {
    if (error instanceof EligibilityRulesInvalid) throw new ConfigurationError('INTAKE_RULES_FILE', `${error.path || '(file)'}: ${error.message.replace(/^eligibility rules: \S+ /, '')}`);
    throw error;
  }
}

/** The development match key: used only outside production, when INTAKE_MATCH_SECRET is absent. */
const DEVELOPMENT_MATCH_SECRET = Buffer.from('wijkteam-development-care-history-match-key-not-for-production');

export function matchSecretOf(settings: Pick<IntakeSettings, 'INTAKE_MATCH_SECRET'>, nodeEnv: string): Buffer {
  if (settings.INTAKE_MATCH_SECRET) return Buffer.from(settings.INTAKE_MATCH_SECRET, 'base64');
  if (nodeEnv === 'production') throw new ConfigurationError('INTAKE_MATCH_SECRET', 'is required when NODE_ENV=production');
  return DEVELOPMENT_MATCH_SECRET;
}

/** The match key of the care-history check (a Buffer), for the index and the check. */
export const MATCH_SECRET = Symbol.for('wijkteam.intake.match-secret');
