import { readFileSync } from 'node:fs';
import { ConfigurationError, defineSettings, type SettingsOf } from '@wijkteam/runtime';
import { z } from 'zod';
import { DEFAULT_ZRM_REFERENCE, parseZrmReference, type ZrmReference, ZrmReferenceInvalid } from './domain/zrm';

/** What only the case-planning service reads from the environment. */
export const CasePlanningSettings = defineSettings('case-planning', {
  /** The ZRM life domains (JSON, see infra/case-planning/zrm-domains.json); absent: the ZRM 2017 list as shipped. */
  CASE_PLANNING_ZRM_FILE: z
    .string()
    .min(1)
    .optional()
    // Read and checked with the other settings, so a wrong file stops the start before anything runs.
    .superRefine((file, ctx) => {
      try {
        if (file) loadZrmReference({ CASE_PLANNING_ZRM_FILE: file });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message.replace(/^Configuration error: CASE_PLANNING_ZRM_FILE /, '') });
      }
    }),
  /** seed 004: how far ahead the 18-/18+ list looks for 18th birthdays, in months. */
  CASE_PLANNING_TRANSITION_HORIZON_MONTHS: z.coerce.number().int().min(1).max(24).default(6),
});
export type CasePlanningSettings = SettingsOf<typeof CasePlanningSettings>;

/** The ZRM reference the deciders check scores against: inject with this token. */
export const ZRM_REFERENCE = Symbol.for('wijkteam.case-planning.zrm-reference');

export function loadZrmReference(settings: Pick<CasePlanningSettings, 'CASE_PLANNING_ZRM_FILE'>): ZrmReference {
  const file = settings.CASE_PLANNING_ZRM_FILE;
  if (!file) return DEFAULT_ZRM_REFERENCE;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigurationError('CASE_PLANNING_ZRM_FILE', 'must name a readable JSON file');
  }
  try {
    return parseZrmReference(parsed);
  } catch (error) {
    if (error instanceof ZrmReferenceInvalid) throw new ConfigurationError('CASE_PLANNING_ZRM_FILE', error.message);
    throw error;
  }
}

export const zrmReferenceProvider = {
  provide: ZRM_REFERENCE,
  inject: [CasePlanningSettings.token],
  useFactory: (settings: CasePlanningSettings): ZrmReference => loadZrmReference(settings),
};
