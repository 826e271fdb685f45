import { CONDITION_OUTCOMES, CONDITION_SOURCES, ELIGIBILITY_CONDITIONS, IN_CARE_WITH, ROUTES } from '@wijkteam/contracts';

/**
 * Eligibility per route (seed 000's referral table). Which conditions a route asks is configuration
 * (`EligibilityRules`, from INTAKE_RULES_FILE, versioned); how each condition is evaluated is here.
 * Every outcome names its source: the referral as registered, or the team's recorded assessment.
 */
export type Route = (typeof ROUTES)[number];
export type EligibilityCondition = (typeof ELIGIBILITY_CONDITIONS)[number];
export type ConditionOutcome = (typeof CONDITION_OUTCOMES)[number];
export type ConditionSource = (typeof CONDITION_SOURCES)[number];
export type InCareWith = (typeof IN_CARE_WITH)[number];

export interface ConditionRule {
  condition: EligibilityCondition;
  /** severity only: the lowest ETM score that meets it (seed 000: 3). */
  minimumEtm?: number;
}

export interface EligibilityRules {
  /** Recorded with every decision: which rules decided. */
  version: string;
  routes: Record<Route, readonly ConditionRule[]>;
}

/** What a referral states about its route's conditions (null: not known yet). */
export type ReferralConditions = {
  etmIndication: number | null;
  intellectualDisability: boolean;
  warmHandover: boolean | null;
  clientConsented: boolean | null;
  inCareWith: InCareWith;
  caseDirectionStaysWithReferrer: boolean | null;
  coachSafetyConcern: boolean | null;
};

/** The facts the rules are evaluated on, as the referral decider folds them. */
export type EligibilityFacts = ReferralConditions & {
  route: Route;
  /** The team's assessment: a condition answered here is met or not met by that answer. */
  assessment: Partial<Record<EligibilityCondition, boolean>>;
};

export type ConditionResult = {
  condition: EligibilityCondition;
  outcome: ConditionOutcome;
  source: ConditionSource;
}

export interface EligibilityOutcome {
  rulesVersion: string;
  route: Route;
  /** eligible: every condition met; not_eligible: one is not met; undetermined: none failed, one unknown. */
  result: 'eligible' | 'not_eligible' | 'undetermined';
  conditions: ConditionResult[];
}

const fromFlag = (value: boolean | null): ConditionOutcome => (value === null ? 'unknown' : value ? 'met' : 'not_met');

function fromReferral(rule: ConditionRule, facts: EligibilityFacts): ConditionOutcome {
  switch (rule.condition) {
    case 'severity':
      if (facts.intellectualDisability) return 'met';
      if (facts.etmIndication === null) return 'unknown';
      return facts.etmIndication >= (rule.minimumEtm ?? 3) ? 'met' : 'not_met';
    case 'warm_handover':
      return fromFlag(facts.warmHandover);
    case 'client_consent':
      return fromFlag(facts.clientConsented);
    case 'not_in_care_gosa_gi':
      return facts.inCareWith === 'unknown' ? 'unknown' : facts.inCareWith === 'none' ? 'met' : 'not_met';
    case 'case_direction_stays_with_referrer':
      return fromFlag(facts.caseDirectionStaysWithReferrer);
    case 'coach_safety':
      return facts.coachSafetyConcern === null ? 'unknown' : facts.coachSafetyConcern ? 'not_met' : 'met';
    // Only the team can judge these (seed 000: "de hulp heeft meerwaarde", "cliënt accepteert vrijwillige hulp").
    case 'adds_value':
    case 'voluntary_help_accepted':
      return 'unknown';
  }
}

export function evaluateEligibility(rules: EligibilityRules, facts: EligibilityFacts): EligibilityOutcome {
  const conditions = rules.routes[facts.route].map((rule): ConditionResult => {
    const answer = facts.assessment[rule.condition];
    if (answer !== undefined) return { condition: rule.condition, outcome: answer ? 'met' : 'not_met', source: 'assessment' };
    return { condition: rule.condition, outcome: fromReferral(rule, facts), source: 'referral' };
  });
  const result = conditions.some((c) => c.outcome === 'not_met') ? 'not_eligible' : conditions.some((c) => c.outcome === 'unknown') ? 'undetermined' : 'eligible';
  return { rulesVersion: rules.version, route: facts.route, result, conditions };
}
