import { RiskSignalIssued, RiskSignalWithdrawn } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

/** Verwijsindex signals: ids, the organisation, booleans and codes; nothing about the concern itself. */
export const riskSignalRoutes: Record<string, GatewayRoute> = {
  RiskSignalIssued: toPublic(RiskSignalIssued, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    signalId: canonical(data.signalId),
    organisation: data.organisation,
    parentsInformed: data.parentsInformed,
    parentsNotInformedReason: data.parentsNotInformedReason ?? null,
    issuedBy: data.issuedBy,
    issuedAt: utc(data.issuedAt),
  })),
  RiskSignalWithdrawn: toPublic(RiskSignalWithdrawn, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    signalId: canonical(data.signalId),
    organisation: data.organisation,
    reason: data.reason,
    withdrawnBy: data.withdrawnBy,
    withdrawnAt: utc(data.withdrawnAt),
  })),
};
