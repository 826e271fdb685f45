import { ELIGIBILITY_CONDITIONS, ROUTES } from '@wijkteam/contracts';
import { z } from 'zod';
import type { EligibilityRules } from './eligibility';

/**
 * The rules file (INTAKE_RULES_FILE): a version and, per route, the conditions it asks. Every route
 * must be listed (an empty list: no conditions, as for self-referral); a condition may appear once
 * per route. infra/intake/eligibility-rules.json is this default, as a file to copy and change.
 */
const Condition = z.union([
  z.enum(ELIGIBILITY_CONDITIONS),
  z.strictObject({ condition: z.literal('severity'), minimumEtm: z.number().int().min(1).max(5) }),
  z.strictObject({ condition: z.enum(ELIGIBILITY_CONDITIONS) }),
], { errorMap: () => ({ message: `must be a condition (${ELIGIBILITY_CONDITIONS.join(', ')}) or { "condition": "severity", "minimumEtm": 1-5 }` }) });

export const EligibilityRulesFile = z.strictObject({
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be a version label such as 2026-12-01 (letters, digits, . _ -)'),
  routes: z.strictObject(
    Object.fromEntries(
      ROUTES.map((route) => [
        route,
        z.array(Condition).refine((list) => new Set(list.map((c) => (typeof c === 'string' ? c : c.condition))).size === list.length, 'lists a condition twice'),
      ]),
    ) as unknown as Record<(typeof ROUTES)[number], z.ZodType<(string | { condition: string; minimumEtm?: number })[]>>,
  ),
});

/** Seed 000's table, route by route. */
export const DEFAULT_ELIGIBILITY_RULES_FILE: z.input<typeof EligibilityRulesFile> = {
  version: 'seed000-2026-12-03',
  routes: {
    jgz: [{ condition: 'severity', minimumEtm: 3 }, 'warm_handover', 'client_consent', 'not_in_care_gosa_gi'],
    neighbourhood_network: [{ condition: 'severity', minimumEtm: 3 }, 'warm_handover', 'client_consent', 'not_in_care_gosa_gi'],
    certified_institution: ['adds_value', 'case_direction_stays_with_referrer', 'warm_handover', 'coach_safety'],
    gosa: ['adds_value', 'case_direction_stays_with_referrer', 'warm_handover', 'coach_safety'],
    other_municipality: ['warm_handover', 'client_consent', 'not_in_care_gosa_gi'],
    de_escalation: ['voluntary_help_accepted', 'warm_handover', 'coach_safety'],
    veilig_thuis: ['voluntary_help_accepted', 'warm_handover', 'coach_safety'],
    self_referral: [],
  },
};

export class EligibilityRulesInvalid extends Error {
  readonly code = 'eligibility_rules_invalid';
  constructor(
    readonly path: string,
    issue: string,
  ) {
    super(`eligibility rules: ${path || '(file)'} ${issue}`);
    this.name = 'EligibilityRulesInvalid';
  }
}

/** Validates a parsed rules file; throws EligibilityRulesInvalid naming the rule at fault. */
export function parseEligibilityRules(input: unknown): EligibilityRules {
  const parsed = EligibilityRulesFile.safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '');
    throw new EligibilityRulesInvalid(path, issue.message);
  }
  const routes = Object.fromEntries(
    Object.entries(parsed.data.routes).map(([route, list]) => [route, list.map((c) => (typeof c === 'string' ? { condition: c } : c))]),
  ) as unknown as EligibilityRules['routes'];
  return { version: parsed.data.version, routes };
}

export const DEFAULT_ELIGIBILITY_RULES: EligibilityRules = parseEligibilityRules(DEFAULT_ELIGIBILITY_RULES_FILE);
