import { EscalationRaised, EscalationResolved } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

const escalationOf = (data: Record<string, unknown>) => ({
  caseFileId: canonical(data.caseFileId),
  clientId: canonical(data.clientId),
  escalationId: canonical(data.escalationId),
  target: data.target,
  reason: data.reason,
  receivingParty: data.receivingParty ?? null,
  movesCaseDirection: data.movesCaseDirection,
});

/** Escalations leave safety once raised (four eyes) and once resolved; a mere proposal stays private. */
export const escalationRoutes: Record<string, GatewayRoute> = {
  EscalationRaised: toPublic(EscalationRaised, ({ data }) => ({
    ...escalationOf(data),
    raisedBy: data.raisedBy,
    raisedByRole: data.raisedByRole,
    secondProfessionalId: data.secondProfessionalId,
    secondProfessionalRole: data.secondProfessionalRole,
    raisedAt: utc(data.raisedAt),
  })),
  EscalationResolved: toPublic(EscalationResolved, ({ data }) => ({
    ...escalationOf(data),
    outcome: data.outcome,
    resolvedBy: data.resolvedBy,
    resolvedByRole: data.resolvedByRole,
    resolvedAt: utc(data.resolvedAt),
  })),
};
