/**
 * Code lists of the Meldcode huiselijk geweld en kindermishandeling (seeds 000, 002: the five steps,
 * with the afwegingskader), shared with the public events that carry them. Codes only: what was seen
 * in the family's words is a sealed note, never one of these.
 */

/** The five steps, in the order the Meldcode prescribes them. */
export const MELDCODE_STEPS = [1, 2, 3, 4, 5] as const;

/** Step 1: the kinds of signal mapped. */
export const MELDCODE_SIGNALS = [
  'physical_injury',
  'neglect',
  'domestic_violence_witnessed',
  'sexual_abuse_suspected',
  'emotional_abuse',
  'behaviour_change',
  'statement_by_child',
  'other',
] as const;

/** Step 3: why the talk with the client was not held. */
export const MELDCODE_NO_TALK_REASONS = ['unsafe_to_talk', 'client_unreachable', 'client_refused', 'child_too_young'] as const;

/** Step 5: report to Veilig Thuis, organise help, both, or neither. */
export const MELDCODE_OUTCOMES = ['report_to_veilig_thuis', 'organise_help', 'both', 'no_further_action'] as const;

/** Outcomes that act on the suspicion: the legal ground for a disclosure without consent (seed 001). */
export const MELDCODE_ACTING_OUTCOMES = ['report_to_veilig_thuis', 'organise_help', 'both'] as const;

/** Who works a Meldcode trajectory and who may be its second professional. */
export const MELDCODE_ROLES = ['coach', 'behavioural-scientist', 'team-coordinator'] as const;
