/**
 * Code lists of the plan of approach (PVA), its evaluations and specialist care (seeds 000, 002,
 * 003), shared with the public events that carry them.
 */

/** Who does what in the plan: the family itself, someone of its network, or a professional provider. */
export const PLAN_PERFORMER_KINDS = ['family', 'network', 'professional'] as const;

/** What a revision changed, computed by the decider from the previous version (never typed in). */
export const PLAN_CHANGES = ['goals_added', 'goals_changed', 'goals_removed', 'actions_added', 'actions_changed', 'actions_removed'] as const;

/** Why a plan was revised (seed 000: "zo nodig PVA bijstellen" at an evaluation, or when the situation changes). */
export const PLAN_REVISION_REASONS = [
  'evaluation',
  'goal_reached',
  'no_progress',
  'new_help_question',
  'family_situation_changed',
  'network_changed',
  'specialist_care_started',
  'client_request',
] as const;

/** seed 000: progress on a goal of the plan, as the evaluation records it. */
export const GOAL_PROGRESS = ['achieved', 'progressing', 'no_change', 'regressed'] as const;

/** seed 000: an evaluation concludes care continues (with a reason after 6 months) or ends. */
export const EVALUATION_CONCLUSIONS = ['continue', 'close'] as const;

/**
 * Seeds 002/003: the kinds of specialist care (gespecialiseerde jeugdhulp) a case director may
 * request, after weighing it with a colleague and the behavioural scientist.
 */
export const SPECIALIST_CARE_TYPES = [
  'jeugd_ggz',
  'jeugdhulp_ambulant_specialistisch',
  'jeugdhulp_verblijf',
  'dyslexiezorg',
  'lvb_zorg',
  'pleegzorg',
] as const;

export const SPECIALIST_CARE_OUTCOMES = ['approved', 'declined'] as const;

/** The two who weigh a request for specialist care with the requester (seed 002: "altijd een collega en een gedragswetenschapper"). */
export const SPECIALIST_CARE_CONSULTANT_ROLES = ['coach', 'behavioural-scientist'] as const;
