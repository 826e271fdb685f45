import { PlanAgreed, PlanRevised } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

type Performer = { kind: 'family'; clientId: string } | { kind: 'network' | 'professional'; partyCode: string };

/** The plan of approach's public events: ids, counts, codes and dates; the client's words never leave. */
export const planRoutes: Record<string, GatewayRoute> = {
  PlanAgreed: toPublic(PlanAgreed, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    version: data.version,
    goalIds: (data.goalIds as string[]).map(canonical),
    actionCount: data.actionCount,
    performers: (data.performers as Performer[]).map((performer) =>
      performer.kind === 'family' ? { kind: 'family', partyCode: null, clientId: canonical(performer.clientId) } : { kind: performer.kind, partyCode: performer.partyCode, clientId: null },
    ),
    agreedBy: (data.agreedBy as string[]).map(canonical),
    signedDocumentId: typeof data.signedDocumentId === 'string' ? canonical(data.signedDocumentId) : null,
    oneFamilyOnePlanMeetingOn: data.oneFamilyOnePlanMeetingOn ?? null,
    due: data.due ?? null,
    onTime: data.onTime ?? null,
    agreedAt: utc(data.agreedAt),
  })),
  PlanRevised: toPublic(PlanRevised, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    version: data.version,
    previousVersion: data.previousVersion,
    changes: data.changes,
    reason: data.reason,
    revisedAt: utc(data.revisedAt),
  })),
};
