import { MELDCODE_ROLES, type MeldcodeDecisionTaken, type MeldcodeStepCompleted, type PublicEvent } from '@wijkteam/contracts';
import type { EntityManager } from 'typeorm';
import { evidenceOf, found } from './compliance-findings';

export type SafetyFact = typeof MeldcodeStepCompleted | typeof MeldcodeDecisionTaken;

/** Steps the Meldcode takes with a second professional (seeds 000, 002): 2 the colleague consulted, 4 the weighing confirmed; 5 is the decision. */
const FOUR_EYES_STEPS = [2, 4];

/** seed 002: safety decisions are never taken alone. Which part of four eyes is missing, or null. */
function fourEyesMissing(by: string, secondId: string | null, secondRole: string | null, roleKnown: boolean): string | null {
  if (secondId === null) return 'no_second_professional';
  if (secondId === by) return 'same_professional';
  if (roleKnown && !(MELDCODE_ROLES as readonly string[]).includes(secondRole ?? '')) return 'second_not_a_professional';
  return null;
}

/** Safety's Meldcode events: the consultation, the weighing and the decision each with a second professional. */
export async function checkSafetyEvent(tx: EntityManager, event: PublicEvent<SafetyFact>): Promise<void> {
  if (event.type === 'MeldcodeStepCompleted') {
    const { caseFileId, step, completedBy, secondProfessionalId, secondProfessionalRole, completedAt } = event.data;
    if (!FOUR_EYES_STEPS.includes(step)) return;
    // Step 2 names the colleague consulted without their role (safety's gateway): only who it was is checked.
    const detail = fourEyesMissing(completedBy, secondProfessionalId, secondProfessionalRole, step !== 2);
    if (detail) await found(tx, { check: 'meldcode_without_four_eyes', detail, event: evidenceOf(event, completedAt), caseFileId });
    return;
  }
  const { caseFileId, decidedBy, secondProfessionalId, secondProfessionalRole, decidedAt } = event.data;
  const detail = fourEyesMissing(decidedBy, secondProfessionalId, secondProfessionalRole, true);
  if (detail) await found(tx, { check: 'meldcode_without_four_eyes', detail, event: evidenceOf(event, decidedAt), caseFileId });
}
