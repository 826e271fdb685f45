import { EvaluationHeld } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

/** The evaluations' public event: progress codes and counts; the ZRM scores and the written reason stay here. */
export const evaluationRoutes: Record<string, GatewayRoute> = {
  EvaluationHeld: toPublic(EvaluationHeld, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    evaluationNumber: data.evaluationNumber,
    due: data.due,
    heldOn: data.heldOn,
    onTime: data.onTime,
    goalProgress: (data.goalProgress as { goalId: string; progress: string }[]).map(({ goalId, progress }) => ({ goalId: canonical(goalId), progress })),
    clientSatisfaction: data.clientSatisfaction,
    zrmRescored: true,
    zrmVersion: data.zrmVersion,
    // Whether a reason was written, never the reason (sealed in the stored event, not opened here).
    reasonToContinueGiven: data.reasonToContinueGiven === true,
    conclusion: data.conclusion,
    heldAt: utc(data.heldAt),
  })),
};
