/**
 * Case planning's code lists of the 18-/18+ transition (seed 004): before the 18th birthday the
 * Jeugdteam asks whether help must continue and how; the status of help with other providers is
 * asked actively; the handover to the adult team (Volwassenenteam) is warm and needs consent.
 */

/** How help goes on after the 18th birthday (seed 004: 18-23 may stay with the Jeugdteam). */
export const TRANSITION_CONTINUATIONS = ['stays_with_jeugdteam', 'handover_to_adult_team', 'other_provider', 'help_ends'] as const;

/** What another provider said of its help at 18 (seed 004: some providers only help up to 18). */
export const OTHER_PROVIDER_STATUSES = ['continues_after_18', 'ends_at_18', 'transfers_to_adult_care', 'unknown'] as const;

/** Where a warm handover stands, per youth. */
export const WARM_HANDOVER_STATUSES = ['none', 'proposed', 'conversation_held', 'completed', 'refused'] as const;

/** The moment consent was asked when a warm handover was refused: at the proposal or again at completion. */
export const WARM_HANDOVER_STAGES = ['proposal', 'completion'] as const;

/**
 * The recipient a warm handover asks consent for: the organisation code `volwassenenteam` (the
 * adult team of the wijkteam), with the purpose `warm_handover`. A consent for the handover names
 * this recipient, so that it covers the adult team and nobody else.
 */
export const ADULT_TEAM_RECIPIENT = 'volwassenenteam';
