import { NetworkAnalysisCompleted, NetworkContactRefused, NetworkPartyAdded, NetworkPartyContacted } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';

/** The network analysis's public events: ids, codes and dates; the consent decision by its id. */
export const networkRoutes: Record<string, GatewayRoute> = {
  NetworkPartyAdded: toPublic(NetworkPartyAdded, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    partyId: canonical(data.partyId),
    party: data.party,
    role: data.role,
    relevance: data.relevance,
    addedAt: utc(data.addedAt),
  })),
  NetworkPartyContacted: toPublic(NetworkPartyContacted, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    partyId: canonical(data.partyId),
    party: data.party,
    clientId: canonical(data.clientId),
    dataCategories: data.dataCategories,
    consentDecisionId: canonical(data.decisionId),
    contactedAt: utc(data.contactedAt),
  })),
  NetworkContactRefused: toPublic(NetworkContactRefused, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    partyId: canonical(data.partyId),
    party: data.party,
    clientId: canonical(data.clientId),
    dataCategories: data.dataCategories,
    denialReason: data.denialReason,
    consentDecisionId: canonical(data.decisionId),
    refusedAt: utc(data.refusedAt),
  })),
  NetworkAnalysisCompleted: toPublic(NetworkAnalysisCompleted, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    roles: data.roles,
    parties: data.parties,
    completedOn: data.completedOn,
    due: data.due,
    onTime: data.onTime,
    completedAt: utc(data.completedAt),
  })),
};
