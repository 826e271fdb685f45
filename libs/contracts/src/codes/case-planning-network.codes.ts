/**
 * Case planning's code lists for the first visit and the network analysis (seed 000), shared with
 * the public events that carry them.
 */

/** seed 000: the first visit "bij voorkeur bij cliënt thuis"; where it took place otherwise. */
export const FIRST_VISIT_LOCATIONS = ['home', 'office', 'school', 'other'] as const;

/**
 * The role a party plays in the family's network. seed 000: JGZ and the GP always, school or
 * childcare where relevant, specialist care if needed, and the client's own social network.
 */
export const NETWORK_ROLES = [
  'youth_health_care',
  'general_practitioner',
  'school',
  'childcare',
  'specialist_care_provider',
  'other_professional',
  'informal_network',
] as const;

/**
 * Why a party belongs in the network analysis: a code, never free text (a note in the coach's
 * words would carry personal data onto the bus).
 */
export const NETWORK_RELEVANCE = [
  'always_involved', // seed 000: JGZ and the GP, for every family
  'child_attends', // school or childcare the child goes to
  'current_care', // already giving care to the family
  'previous_care',
  'specialist_care_needed', // seed 000: "indien nodig betrekken van specialistische zorg"
  'social_support', // the client's own network (eigen kracht)
  'other',
] as const;
