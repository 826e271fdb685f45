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
