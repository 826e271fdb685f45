import { addDays, dateOf, type Decider, DEFAULT_DATA_CATEGORIES, DomainError, type DomainEvent, isCalendarDate, NETWORK_RELEVANCE, NETWORK_ROLES, PartyCode, streamOf } from '@wijkteam/contracts';

/**
 * The network analysis (netwerkanalyse). seed 000: "binnen 2-6 weken", the parties involved "met
 * toestemming van de cliënt", "hierbij altijd de JGZ en de huisarts betrekken en indien van toepassing
 * de kinderopvang en/of scholen"; "schriftelijke toestemming". Whether a contact may happen is the
 * consent service's decision at that moment: its decision id arrives with the command, and a denial
 * is recorded as a refused contact (the contact does not happen; it may be tried again later).
 */
export { NETWORK_RELEVANCE, NETWORK_ROLES };
export type NetworkRole = (typeof NETWORK_ROLES)[number];
export type NetworkRelevance = (typeof NETWORK_RELEVANCE)[number];

/** The case file as the command was made (this decider does not read the file's stream). */
export interface NetworkCaseFile {
  status: 'none' | 'open' | 'closed';
  childIds: string[];
  familyMemberIds: string[];
  referredAt?: string;
}

/** The consent service's decision on a contact (ConsentPermits.decide). */
export type ContactDecision = { outcome: 'permit'; decisionId: string; consentId: string | null } | { outcome: 'deny'; decisionId: string; denialReason: string };

export type AddNetworkPartyData = {
  caseFileId: string;
  caseFile: NetworkCaseFile;
  partyId: string;
  /** Organisation code of the party, e.g. `jgz`, `huisarts`, `school`, `kinderopvang`. */
  party: string;
  role: NetworkRole;
  relevance: NetworkRelevance;
  addedAt: string;
};

export type ContactRequest = { caseFileId: string; caseFile: NetworkCaseFile; partyId: string; clientId: string; dataCategories: string[] };

export type NetworkCommand =
  | { type: 'AddNetworkParty'; data: AddNetworkPartyData }
  | { type: 'ContactNetworkParty'; data: ContactRequest & { decision: ContactDecision; at: string } }
  | { type: 'CompleteNetworkAnalysis'; data: { caseFileId: string; caseFile: NetworkCaseFile; completedOn: string; completedAt: string } };

type Contact = { caseFileId: string; partyId: string; party: string; clientId: string; dataCategories: string[]; decisionId: string };

export type NetworkEvent =
  | DomainEvent<'NetworkPartyAdded', Omit<AddNetworkPartyData, 'caseFile'>>
  | DomainEvent<'NetworkPartyContacted', Contact & { consentId: string | null; contactedAt: string }>
  | DomainEvent<'NetworkContactRefused', Contact & { denialReason: string; refusedAt: string }>
  | DomainEvent<'NetworkAnalysisCompleted', { caseFileId: string; roles: NetworkRole[]; parties: number; completedOn: string; due: string; onTime: boolean; completedAt: string }>;

export interface NetworkParty {
  partyId: string;
  party: string;
  role: NetworkRole;
  relevance: NetworkRelevance;
  addedAt: string;
  /** Contacts that happened, and contacts refused for lack of consent. */
  contacted: number;
  refused: number;
  lastDecisionId?: string;
}

export interface NetworkState {
  status: 'none' | 'open' | 'completed';
  parties: Record<string, NetworkParty>;
  completion?: { completedOn: string; due: string; onTime: boolean };
}

/** seed 000: the network analysis (and the plan) within 6 weeks of the referral. */
export const NETWORK_ANALYSIS_DAYS = 42;

export const networkAnalysisDue = (referredAt: string): string => addDays(dateOf(referredAt), NETWORK_ANALYSIS_DAYS);

/** seed 000: JGZ and the GP are always involved; completion needs both among the parties. */
const ALWAYS_INVOLVED: NetworkRole[] = ['youth_health_care', 'general_practitioner'];

const includes = (list: readonly string[], value: string): boolean => list.includes(value);

function assertOpen(caseFile: NetworkCaseFile, state: NetworkState): string {
  if (caseFile.status === 'none' || !caseFile.referredAt) throw new DomainError('case_file_not_found', 'not_found');
  if (caseFile.status === 'closed') throw new DomainError('case_file_closed');
  if (state.status === 'completed') throw new DomainError('network_analysis_completed');
  return caseFile.referredAt;
}

/** The rules of a contact that hold whatever consent decides: checked before consent is asked. */
export function assertContactable(data: ContactRequest, state: NetworkState): NetworkParty {
  assertOpen(data.caseFile, state);
  const party = state.parties[data.partyId];
  if (!party) throw new DomainError('party_not_found', 'not_found', 'partyId');
  if (!includes([...data.caseFile.childIds, ...data.caseFile.familyMemberIds], data.clientId)) throw new DomainError('not_of_this_family', 'unprocessable', 'clientId');
  if (data.dataCategories.length === 0) throw new DomainError('data_categories_required', 'unprocessable', 'dataCategories');
  data.dataCategories.forEach((category, index) => {
    if (!includes(DEFAULT_DATA_CATEGORIES, category)) throw new DomainError('unknown_data_category', 'unprocessable', `dataCategories.${index}`);
  });
  return party;
}

export const networkDecider: Decider<NetworkCommand, NetworkEvent, NetworkState> = {
  initialState: () => ({ status: 'none', parties: {} }),

  decide(command, state) {
    switch (command.type) {
      case 'AddNetworkParty': {
        const { caseFile, ...data } = command.data;
        assertOpen(caseFile, state);
        if (state.parties[data.partyId]) throw new DomainError('party_already_added');
        if (!PartyCode.safeParse(data.party).success) throw new DomainError('invalid_party_code', 'unprocessable', 'party');
        if (!includes(NETWORK_ROLES, data.role)) throw new DomainError('unknown_network_role', 'unprocessable', 'role');
        if (!includes(NETWORK_RELEVANCE, data.relevance)) throw new DomainError('unknown_relevance', 'unprocessable', 'relevance');
        if (Object.values(state.parties).some((known) => known.party === data.party && known.role === data.role)) throw new DomainError('party_already_in_network');
        return [{ type: 'NetworkPartyAdded', data }];
      }
      case 'ContactNetworkParty': {
        const { decision, at, caseFile: _caseFile, ...request } = command.data;
        const { party } = assertContactable(command.data, state);
        const contact = { ...request, party, decisionId: decision.decisionId };
        if (decision.outcome === 'permit') return [{ type: 'NetworkPartyContacted', data: { ...contact, consentId: decision.consentId, contactedAt: at } }];
        return [{ type: 'NetworkContactRefused', data: { ...contact, denialReason: decision.denialReason, refusedAt: at } }];
      }
      case 'CompleteNetworkAnalysis': {
        const { caseFileId, caseFile, completedOn, completedAt } = command.data;
        const referredAt = assertOpen(caseFile, state);
        const roles = [...new Set(Object.values(state.parties).map((party) => party.role))];
        if (!ALWAYS_INVOLVED.every((role) => roles.includes(role))) throw new DomainError('jgz_and_huisarts_required', 'unprocessable', 'parties');
        if (!isCalendarDate(completedOn)) throw new DomainError('invalid_date', 'unprocessable', 'completedOn');
        if (completedOn > dateOf(completedAt)) throw new DomainError('completed_on_in_future', 'unprocessable', 'completedOn');
        if (completedOn < dateOf(referredAt)) throw new DomainError('completed_before_referral', 'unprocessable', 'completedOn');
        const due = networkAnalysisDue(referredAt);
        return [
          {
            type: 'NetworkAnalysisCompleted',
            data: { caseFileId, roles, parties: Object.keys(state.parties).length, completedOn, due, onTime: completedOn <= due, completedAt },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'NetworkPartyAdded': {
        const { partyId, party, role, relevance, addedAt } = event.data;
        return { ...state, status: 'open', parties: { ...state.parties, [partyId]: { partyId, party, role, relevance, addedAt, contacted: 0, refused: 0 } } };
      }
      case 'NetworkPartyContacted':
      case 'NetworkContactRefused': {
        const party = state.parties[event.data.partyId];
        const counted = event.type === 'NetworkPartyContacted' ? { contacted: party.contacted + 1 } : { refused: party.refused + 1 };
        return { ...state, parties: { ...state.parties, [party.partyId]: { ...party, ...counted, lastDecisionId: event.data.decisionId } } };
      }
      case 'NetworkAnalysisCompleted': {
        const { completedOn, due, onTime } = event.data;
        return { ...state, status: 'completed', completion: { completedOn, due, onTime } };
      }
    }
  },
};

/** `casePlanning.network-<caseFileId>` */
export const networkStream = streamOf('case-planning', 'network');
