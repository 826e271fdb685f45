/**
 * Intake's code lists (seed 000: channels, routes, decline reasons and redirects). They live here, in
 * the contract library, because public events carry them as enums: the intake domain and every
 * consumer import them from one place, and a lib never imports an app.
 */
export const CHANNELS = ['mail', 'phone', 'desk', 'partner_form'] as const;

export const ROUTES = [
  'jgz',
  'neighbourhood_network',
  'certified_institution',
  'gosa',
  'other_municipality',
  'de_escalation',
  'veilig_thuis',
  'self_referral',
] as const;

export const DECLINE_REASONS = [
  'eligibility_not_met',
  'outside_age_range',
  'already_in_care_gosa_or_gi',
  'no_consent',
  'coach_safety_at_risk',
  'better_served_by_network',
  'adult_only_question',
] as const;

export const REDIRECTS = ['own_network', 'adult_team', 'gosa', 'veilig_thuis', 'other_municipality', 'none'] as const;

// seed 004: Veilig Thuis referrals and ETM 5 go first on the waiting list.
export const WAITLIST_PRIORITIES = ['urgent', 'regular'] as const;

/** seed 000: the organisations a de-escalation referral comes from. */
export const DE_ESCALATION_ORIGINS = ['gosa', 'veilig_thuis', 'raad_voor_de_kinderbescherming', 'bjz'] as const;

/** How a person named in a referral relates to the referred child (the family, seed 000: "plus gezinsleden"). */
export const FAMILY_RELATIONS = ['parent', 'guardian', 'step_parent', 'foster_parent', 'sibling', 'grandparent', 'other'] as const;

/** Whether the client is in care elsewhere, as the referrer states it (seed 000: "niet in zorg bij GOSA/GI"). */
export const IN_CARE_WITH = ['none', 'gosa', 'certified_institution', 'unknown'] as const;

/**
 * The eligibility conditions of seed 000's referral table. Which apply to which route is configuration
 * (`INTAKE_RULES_FILE`); how each is evaluated is code (apps/intake/src/domain/eligibility.ts).
 */
export const ELIGIBILITY_CONDITIONS = [
  'severity',
  'warm_handover',
  'client_consent',
  'not_in_care_gosa_gi',
  'adds_value',
  'case_direction_stays_with_referrer',
  'coach_safety',
  'voluntary_help_accepted',
] as const;

export const CONDITION_OUTCOMES = ['met', 'not_met', 'unknown'] as const;

/** Where the answer to a condition came from: the referral as registered, or the team's assessment. */
export const CONDITION_SOURCES = ['referral', 'assessment'] as const;

/** Why a referral leaves the waiting list. */
export const WAITLIST_REMOVAL_REASONS = ['capacity_available', 'withdrawn_by_client', 'helped_elsewhere', 'no_longer_needed', 'moved_away'] as const;

/** Why a referral is in doubt (seed 000: "bij twijfel overleg met coördinator en verwijzer"). */
export const DOUBT_REASONS = ['care_history_match', 'eligibility_unclear', 'safety_unclear', 'other'] as const;

/** Expertise of a coach (seed 002: assignment by expertise and capacity, not by area alone). */
export const EXPERTISE = ['lvb', 'echtscheiding', 'jonge_kinderen', 'verslaving', 'ggz', 'huiselijk_geweld', 'opvoeding', 'jongvolwassenen', 'school'] as const;

/** The kind of team a professional works in (seed 004). */
export const TEAM_KINDS = ['jeugdteam', 'volwassenenteam'] as const;
