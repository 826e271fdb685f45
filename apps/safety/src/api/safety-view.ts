import type { SafetyState } from '../domain/safety-assessment';
import type { SafetyPlanVersion } from '../domain/safety-plan';

/** A plan version as the safety state lists it: without the agreements' words (those: GET safety-plan). */
export type SafetyPlanSummary = Omit<SafetyPlanVersion, 'agreements' | 'texts'> & { agreementCount: number };

export type SafetyView = Omit<SafetyState, 'safetyPlan' | 'previousSafetyPlans'> & { caseFileId: string; clientId: string; safetyPlan: SafetyPlanSummary | null };

export const planSummaryOf = ({ agreements, texts: _texts, ...version }: SafetyPlanVersion): SafetyPlanSummary => ({ ...version, agreementCount: agreements.length });

/** The safety state of a case file as GET /safety/:caseFileId shows it. */
export function safetyViewOf(state: SafetyState, caseFileId: string, clientId: string): SafetyView {
  const { safetyPlan, previousSafetyPlans: _previous, ...rest } = state;
  return { ...rest, caseFileId, clientId, safetyPlan: safetyPlan ? planSummaryOf(safetyPlan) : null };
}
