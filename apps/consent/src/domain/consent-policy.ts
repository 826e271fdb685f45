import { DEFAULT_DATA_CATEGORIES, DEFAULT_PURPOSES, REFUSAL_REASONS, RELATIONS, WITHDRAWAL_REASONS } from '@wijkteam/contracts';

/**
 * Consent configuration: the catalogues and the age rule. docs/domain.md: the age rule is configuration,
 * so nothing here is hard-wired into the decider; a municipality can pass its own policy.
 */
// The catalogues are part of the public contract (libs/contracts): the events carry them as enums.
export { DEFAULT_DATA_CATEGORIES, DEFAULT_PURPOSES, REFUSAL_REASONS, RELATIONS, WITHDRAWAL_REASONS };
export type Relation = (typeof RELATIONS)[number];
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/**
 * One age band: from `fromAge` (years, inclusive) up to the next band. Each entry of `requires` is a
 * signature group: one grantor whose relation is in the group must sign. Two groups = two signatures.
 */
export interface AgeBand {
  code: string;
  fromAge: number;
  requires: Relation[][];
}

export interface ConsentPolicy {
  purposes: readonly string[];
  dataCategories: readonly string[];
  ageBands: readonly AgeBand[];
  /** The longest period one grant may cover; a longer one must be asked again (seed 004: per situation). */
  maxPeriodDays: number;
  /** How long a permit may be acted upon before the disclosure must be decided again. */
  decisionValidityMinutes: number;
}

// docs/domain.md: under 12 the parents/guardians, 12-15 both the youth and a parent/guardian, 16+ the youth.
export const DEFAULT_CONSENT_POLICY: ConsentPolicy = {
  purposes: DEFAULT_PURPOSES,
  dataCategories: DEFAULT_DATA_CATEGORIES,
  ageBands: [
    { code: 'under_12', fromAge: 0, requires: [['parent', 'guardian']] },
    { code: '12_15', fromAge: 12, requires: [['client'], ['parent', 'guardian']] },
    { code: '16_plus', fromAge: 16, requires: [['client']] },
  ],
  maxPeriodDays: 366,
  decisionValidityMinutes: 15,
};

/** The band an age falls in: the last band whose fromAge is at or below it. */
export function ageBandFor(policy: ConsentPolicy, age: number): AgeBand | undefined {
  let found: AgeBand | undefined;
  for (const band of [...policy.ageBands].sort((a, b) => a.fromAge - b.fromAge)) if (age >= band.fromAge) found = band;
  return found;
}

/** Start-up check: a broken policy must stop the process, not permit a wrong disclosure later. */
export function assertValidPolicy(policy: ConsentPolicy): void {
  if (policy.purposes.length === 0) throw new Error('consent policy: purposes must not be empty');
  if (policy.dataCategories.length === 0) throw new Error('consent policy: dataCategories must not be empty');
  if (!policy.ageBands.some((band) => band.fromAge === 0)) throw new Error('consent policy: an age band must start at 0');
  for (const band of policy.ageBands)
    if (band.requires.length === 0 || band.requires.some((group) => group.length === 0))
      throw new Error(`consent policy: age band ${band.code} needs at least one signature group`);
  if (!(policy.maxPeriodDays > 0)) throw new Error('consent policy: maxPeriodDays must be positive');
  if (!(policy.decisionValidityMinutes > 0)) throw new Error('consent policy: decisionValidityMinutes must be positive');
}
