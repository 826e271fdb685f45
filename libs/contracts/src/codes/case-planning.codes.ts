/** Case planning's code lists (seed 000), shared with the public events that carry them. */
export const DIRECTOR_KINDS = ['coach', 'certified_institution', 'gosa'] as const;

export const DIRECTION_REASONS = ['case_conference', 'capacity', 'coach_unavailable', 'dwang_drang', 'stagnation', 'warm_handover'] as const;

/**
 * Seed 000, closure of the process: goals reached (waakvlam, or close and inform JGZ/GP); the client
 * does not cooperate, without safety concerns (inform) or with them (refer to JBP; case direction to
 * a GI); stagnation or parties not aligned (refer to GOSA). A fixed list: readable for reporting.
 */
export const CLOSURE_REASONS = [
  'goals_reached_waakvlam',
  'goals_reached_closed',
  'no_cooperation_no_safety_concerns',
  'no_cooperation_safety_concerns',
  'stagnation_referred_to_gosa',
] as const;

export const REOPENING_REASONS = ['new_help_request', 'waakvlam_signal', 'safety_concern', 'closed_in_error'] as const;

/** Who can hold case direction after a transfer: a coach, the GI, GOSA, or the adult team (seed 004, 18+). */
export const DIRECTION_HOLDER_KINDS = ['coach', 'certified_institution', 'gosa', 'adult_team'] as const;

/**
 * Why case direction moves (seed 000, 002, 004): another coach (capacity, unavailability, expertise,
 * the client's request), to the GI under dwang/drang, to GOSA on stagnation, back on de-escalation,
 * to the adult team with a warm handover.
 */
export const TRANSFER_REASONS = ['capacity', 'coach_unavailable', 'expertise', 'client_request', 'dwang_drang', 'stagnation', 'de_escalation', 'warm_handover'] as const;

/**
 * The reasons that decide where direction goes (seed 000: dwang/drang to the GI, stagnation to
 * GOSA, de-escalation back to a coach; seed 004: 18+ to the adult team, warm), and the holders only
 * their reason reaches. Case planning's decider refuses a transfer against them; reporting's
 * compliance checks find one in the history.
 */
export const TRANSFER_REASON_REQUIRES_HOLDER: Partial<Record<(typeof TRANSFER_REASONS)[number], (typeof DIRECTION_HOLDER_KINDS)[number]>> = {
  dwang_drang: 'certified_institution',
  stagnation: 'gosa',
  warm_handover: 'adult_team',
  de_escalation: 'coach',
};
export const HOLDER_REQUIRES_TRANSFER_REASON: Partial<Record<(typeof DIRECTION_HOLDER_KINDS)[number], (typeof TRANSFER_REASONS)[number]>> = {
  certified_institution: 'dwang_drang',
  gosa: 'stagnation',
  adult_team: 'warm_handover',
};

/** seed 000: where the parties do not agree, the CJG-coördinator decides, and that is recorded as such. */
export const DIRECTION_DECISIONS = ['consensus', 'coordinator_decision'] as const;

/** seed 000, closure: where the family is referred on (JBP on safety concerns, GOSA on stagnation). */
export const CLOSURE_REFERRALS = ['none', 'jbp', 'gosa'] as const;

/** seed 003: the waakvlam's review: keep watching (with a next date), end it, or a signal (the file reopens). */
export const WAAKVLAM_OUTCOMES = ['continue_monitoring', 'ended'] as const;
