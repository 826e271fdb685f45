import { SpecialistCareDecided, SpecialistCareRequested } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

/** Specialist care's public events: who requested, who weighed it (four eyes), who decided; the consultations themselves stay here. */
export const specialistCareRoutes: Record<string, GatewayRoute> = {
  SpecialistCareRequested: toPublic(SpecialistCareRequested, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    requestId: canonical(data.requestId),
    careType: data.careType,
    requestedBy: data.requestedBy,
    requestedAt: utc(data.requestedAt),
  })),
  SpecialistCareDecided: toPublic(SpecialistCareDecided, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    requestId: canonical(data.requestId),
    careType: data.careType,
    outcome: data.outcome,
    requestedBy: data.requestedBy,
    colleagueId: data.colleagueId,
    colleagueRole: data.colleagueRole,
    behaviouralScientistId: data.behaviouralScientistId,
    decidedBy: data.decidedBy,
    decidedAt: utc(data.decidedAt),
  })),
};
