/**
 * Code lists of safety's ETM assessments, the Crisis Interventie Team decision and the safety plan
 * (seeds 000, 002), shared with the public events that carry them.
 */

/**
 * Why an ETM level was given: the areas of concern the assessors saw. A fixed list, so the reasons
 * are facts readable in audit and reporting; what the assessors saw in their own words is a sealed
 * explanation, never public. `other`: a concern outside this list (then explained in words).
 */
export const ETM_REASONS = [
  'physical_safety',
  'emotional_safety',
  'neglect',
  'parental_capacity',
  'domestic_violence',
  'substance_abuse',
  'psychiatric_problems',
  'development_threatened',
  'other',
] as const;

/**
 * seed 000: at ETM 5 "nagegaan worden of het nodig is het Crisis Interventie Team in te schakelen of
 * ter advies te vragen": why the team decided to involve the CIT (or ask its advice), or not.
 */
export const CRISIS_INTERVENTION_REASONS = [
  'acute_danger',
  'advice_needed',
  'safety_arranged_by_plan',
  'safety_arranged_by_network',
  'child_safe_elsewhere',
  'other_party_involved',
  'other',
] as const;

/** Who carries out an agreement of the safety plan: the family itself, someone of its network, or a professional. */
export const SAFETY_PLAN_PERFORMER_KINDS = ['family', 'network', 'professional'] as const;
