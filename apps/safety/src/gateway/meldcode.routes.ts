import { MeldcodeDecisionTaken, MeldcodeStepCompleted } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';
import type { RecordedEvent } from '@wijkteam/event-store';

type Data = Record<string, unknown>;

/** One completed step as it leaves safety: who, in which role, the second professional; never the note or the answers. */
const stepCompleted = (step: number | null, second: (data: Data) => { id: unknown; role: unknown }) =>
  toPublic(MeldcodeStepCompleted, ({ data }: RecordedEvent) => {
    const d = data as Data;
    const { id, role } = second(d);
    return {
      caseFileId: canonical(d.caseFileId),
      trajectoryId: canonical(d.trajectoryId),
      step: step ?? d.step,
      completedBy: d.completedBy,
      completedByRole: d.completedByRole,
      secondProfessionalId: id,
      secondProfessionalRole: role,
      completedAt: utc(d.completedAt),
    };
  });

/**
 * The Meldcode's private events that leave safety (seeds 000, 002). Steps 4 and 5 leave only when
 * confirmed (MeldcodeStepConfirmed); a recorded but unconfirmed weighing or decision stays private.
 */
export const meldcodeRoutes: Record<string, GatewayRoute> = {
  MeldcodeSignalsMapped: stepCompleted(1, () => ({ id: null, role: null })),
  // The colleague consulted is named by id; their role is not recorded at step 2.
  MeldcodeColleagueConsulted: stepCompleted(2, (d) => ({ id: d.consultedId, role: null })),
  MeldcodeClientTalkRecorded: stepCompleted(3, () => ({ id: null, role: null })),
  MeldcodeStepConfirmed: stepCompleted(null, (d) => ({ id: d.secondProfessionalId, role: d.secondProfessionalRole })),
  MeldcodeDecisionTaken: toPublic(MeldcodeDecisionTaken, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    trajectoryId: canonical(data.trajectoryId),
    decisionId: canonical(data.decisionId),
    outcome: data.outcome,
    decidedBy: data.decidedBy,
    decidedByRole: data.decidedByRole,
    secondProfessionalId: data.secondProfessionalId,
    secondProfessionalRole: data.secondProfessionalRole,
    decidedAt: utc(data.decidedAt),
  })),
};
