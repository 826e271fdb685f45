import { CaseDirectorAssigned, CaseFileClosed, CaseFileOpened, CaseFileReopened } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

/** The case file's public events: opening, case direction, closure, reopening. */
export const caseFileRoutes: Record<string, GatewayRoute> = {
    CaseFileOpened: toPublic(CaseFileOpened, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      clientId: canonical(data.clientId),
      referralId: canonical(data.referralId),
      teamId: typeof data.teamId === 'string' ? data.teamId : null,
      route: data.route,
      childIds: ((data.childIds as string[] | undefined) ?? [data.clientId as string]).map(canonical),
      familyMemberIds: ((data.familyMemberIds as string[] | undefined) ?? []).map(canonical),
      openedAt: utc(data.openedAt),
    })),
    CaseDirectorAssigned: toPublic(CaseDirectorAssigned, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      directorId: data.directorId,
      directorKind: data.directorKind,
      previousDirectorId: data.previousDirectorId,
      reason: data.reason,
      assignedAt: utc(data.assignedAt),
    })),
    CaseFileClosed: toPublic(CaseFileClosed, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      clientId: canonical(data.clientId),
      reason: data.reason,
      closedAt: utc(data.closedAt),
    })),
    CaseFileReopened: toPublic(CaseFileReopened, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      clientId: canonical(data.clientId),
      reason: data.reason,
      reopenedAt: utc(data.reopenedAt),
    })),
  };
