/**
 * seed 000/002: a risk signal in the Verwijsindex (SISA) says only "this organisation is involved
 * with this child"; it is discussed with the client. When the parents are not informed, why not.
 */
export const PARENTS_NOT_INFORMED_REASONS = ['child_safety_at_risk', 'professional_safety_at_risk', 'parents_unreachable'] as const;
export type ParentsNotInformedReason = (typeof PARENTS_NOT_INFORMED_REASONS)[number];

/** Why a risk signal is withdrawn: the concerns are gone, care ended, or it was issued in error. */
export const RISK_SIGNAL_WITHDRAWAL_REASONS = ['concerns_resolved', 'care_ended', 'issued_in_error'] as const;
export type RiskSignalWithdrawalReason = (typeof RISK_SIGNAL_WITHDRAWAL_REASONS)[number];
