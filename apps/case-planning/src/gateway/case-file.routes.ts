import { CaseDirectionTransferred, CaseDirectorAssigned, CaseFileClosed, CaseFileOpened, CaseFileReopened, WaakvlamReviewed, WaakvlamStarted } from '@wijkteam/contracts';
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
      // A file closed before v2 named nobody informed.
      informed: (data.informed as string[] | undefined) ?? [],
      referredTo: data.referredTo ?? 'none',
      closedAt: utc(data.closedAt),
    })),
    CaseDirectionTransferred: toPublic(CaseDirectionTransferred, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      fromDirectorId: data.fromDirectorId,
      fromDirectorKind: data.fromDirectorKind,
      toDirectorId: data.toDirectorId,
      toDirectorKind: data.toDirectorKind,
      reason: data.reason,
      decision: data.decision,
      decidedBy: data.decidedBy,
      decidedByRole: data.decidedByRole,
      onBehalfOf: data.onBehalfOf,
      consentDecisionId: data.consentDecisionId === null ? null : canonical(data.consentDecisionId),
      transferredAt: utc(data.transferredAt),
    })),
    WaakvlamStarted: toPublic(WaakvlamStarted, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      clientId: canonical(data.clientId),
      monitoredBy: data.monitoredBy,
      reviewOn: data.reviewOn,
      startedAt: utc(data.startedAt),
    })),
    WaakvlamReviewed: toPublic(WaakvlamReviewed, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      outcome: data.outcome,
      nextReviewOn: data.nextReviewOn,
      reviewedBy: data.reviewedBy,
      reviewedAt: utc(data.reviewedAt),
    })),
    CaseFileReopened: toPublic(CaseFileReopened, ({ data }) => ({
      caseFileId: canonical(data.caseFileId),
      clientId: canonical(data.clientId),
      reason: data.reason,
      reopenedAt: utc(data.reopenedAt),
    })),
  };
