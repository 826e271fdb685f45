/**
 * Why a family is flagged as unsafe for the coaches who visit it (DOMAIN.md "Safety": a coach-safety
 * flag blocks the routes that require coach safety). A code only: what happened is not public.
 */
export const COACH_SAFETY_REASONS = ['threats_to_professionals', 'violence_in_household', 'weapons', 'aggressive_animal', 'other'] as const;
export type CoachSafetyReason = (typeof COACH_SAFETY_REASONS)[number];
