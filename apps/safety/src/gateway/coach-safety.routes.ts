import { CoachSafetyFlagged, CoachSafetyFlagLifted } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

/** The coach-safety flag of a family, by its members' ids (intake answers its route condition from it). */
export const coachSafetyRoutes: Record<string, GatewayRoute> = {
  CoachSafetyFlagged: toPublic(CoachSafetyFlagged, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientIds: (data.clientIds as string[]).map(canonical),
    reason: data.reason,
    reviewOn: data.reviewOn,
    flaggedBy: data.flaggedBy,
    flaggedAt: utc(data.flaggedAt),
  })),
  CoachSafetyFlagLifted: toPublic(CoachSafetyFlagLifted, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientIds: (data.clientIds as string[]).map(canonical),
    liftedBy: data.liftedBy,
    liftedAt: utc(data.liftedAt),
  })),
};
