/**
 * The consent service's code lists. The default catalogues of the consent policy are the published
 * lists: a policy may use fewer codes, but a code outside these lists cannot leave the service (the
 * gateway refuses it), so a new purpose or data category is a change of the contract first.
 */
export const RELATIONS = ['client', 'parent', 'guardian'] as const;

export const DEFAULT_PURPOSES = [
  'network_analysis', // seed 000: network analysis only with written consent
  'information_exchange',
  'warm_handover', // seed 004: warm handover 18-/18+ only with consent
  'referral_to_specialist_care',
  'partner_notification',
  'transition_to_adult_team',
  // seed 001: care allocation and billing rest on the Jeugdwet; listed so a legal ground can name them
  'care_allocation',
  'billing',
] as const;

export const DEFAULT_DATA_CATEGORIES = [
  'contact_details',
  'family_composition',
  'help_request',
  'plan_of_approach',
  'zrm_scores',
  'etm_scores',
  'safety_concerns',
  'health_information',
  'school_information',
  'care_history',
] as const;

// docs/domain.md: under 12 the parents/guardians, 12-15 both the youth and a parent/guardian, 16+ the youth.
export const AGE_BANDS = ['under_12', '12_15', '16_plus'] as const;

/** Refusal reasons are codes, never free text: free text invites personal data into the events. */
export const REFUSAL_REASONS = [
  'does_not_want_information_shared',
  'does_not_trust_recipient',
  'wants_to_inform_recipient_personally',
  'disagrees_with_purpose',
  'other',
] as const;

export const WITHDRAWAL_REASONS = ['client_wishes', 'purpose_fulfilled', 'recipient_changed', 'other'] as const;

export const DISCLOSURE_OUTCOMES = ['permit', 'deny'] as const;

export const DISCLOSURE_BASIS_KINDS = ['consent', 'legal_ground'] as const;

/** seed 001: exchange without consent only on a recorded legal ground. */
export const LEGAL_GROUNDS = ['child_safety_meldcode', 'jeugdwet_care_allocation'] as const;

export const DENIAL_REASONS = [
  'no_consent',
  'consent_refused',
  'consent_withdrawn',
  'consent_expired',
  'consent_not_yet_valid',
  'category_not_covered',
  'recipient_not_covered',
  'purpose_not_covered',
  // Also: the Meldcode ground names no decision of safety for this client that reports or organises help (issue 15).
  'legal_ground_not_applicable',
] as const;

/** The legal bases of an erasure (crypto-shredding of a client's key). */
export const LEGAL_BASES = [
  'avg_art17_request', // AVG art. 17: right to erasure
  'retention_expired', // Jeugdwet art. 7.3.8: 20 years after care ended (or the configured term)
  'jeugdwet_art7_3_9_destruction_request', // Jeugdwet art. 7.3.9: destruction on request (youth 12+ or parents)
] as const;
