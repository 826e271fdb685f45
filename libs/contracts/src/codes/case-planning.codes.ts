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
