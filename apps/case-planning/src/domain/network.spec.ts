import { deciderSpec } from '@wijkteam/testing';
import { type AddNetworkPartyData, type NetworkCaseFile, type NetworkCommand, networkDecider, type NetworkEvent } from './network';

const spec = deciderSpec(networkDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const child = '0193a5b2-7c1e-7000-8000-00000000c001';
const parent = '0193a5b2-7c1e-7000-8000-00000000c002';
const jgzId = '0193a5b2-7c1e-7000-8000-0000000000a1';
const gpId = '0193a5b2-7c1e-7000-8000-0000000000a2';
const decisionId = '0193a5b2-7c1e-7000-8000-0000000000d1';
const caseFile: NetworkCaseFile = { status: 'open', childIds: [child], familyMemberIds: [parent], referredAt: '2026-11-02T10:00:00.000Z' };
const at = '2026-11-20T10:00:00.000Z';

const add = (overrides: Partial<AddNetworkPartyData> = {}): NetworkCommand => ({
  type: 'AddNetworkParty',
  data: { caseFileId, caseFile, partyId: jgzId, party: 'jgz', role: 'youth_health_care', relevance: 'always_involved', addedAt: at, ...overrides },
});
const added = (overrides: Partial<AddNetworkPartyData> = {}): NetworkEvent => {
  const { caseFile: _caseFile, ...data } = (add(overrides) as Extract<NetworkCommand, { type: 'AddNetworkParty' }>).data;
  return { type: 'NetworkPartyAdded', data };
};
const jgz = added();
const gp = added({ partyId: gpId, party: 'huisarts', role: 'general_practitioner' });

const contact = (decision: Extract<NetworkCommand, { type: 'ContactNetworkParty' }>['data']['decision'], overrides: Partial<{ clientId: string; dataCategories: string[]; partyId: string }> = {}): NetworkCommand => ({
  type: 'ContactNetworkParty',
  data: { caseFileId, caseFile, partyId: jgzId, clientId: child, dataCategories: ['help_request'], decision, at, ...overrides },
});
const permit = { outcome: 'permit' as const, decisionId, consentId: '0193a5b2-7c1e-7000-8000-0000000000c9' };
const deny = { outcome: 'deny' as const, decisionId, denialReason: 'no_consent' };
const complete = (completedOn: string, completedAt = `${completedOn}T16:00:00.000Z`, file = caseFile): NetworkCommand => ({
  type: 'CompleteNetworkAnalysis',
  data: { caseFileId, caseFile: file, completedOn, completedAt },
});
const completed = (completedOn: string, onTime: boolean, due = '2026-12-14'): NetworkEvent => ({
  type: 'NetworkAnalysisCompleted',
  data: { caseFileId, roles: ['youth_health_care', 'general_practitioner'], parties: 2, completedOn, due, onTime, completedAt: `${completedOn}T16:00:00.000Z` },
});

describe('network analysis decider', () => {
  describe('adding a party', () => {
    it('adds JGZ with its role and relevance as codes', () => {
      spec.given([]).when(add()).then([jgz]);
    });

    it('refuses the same party id twice, and the same party in the same role', () => {
      spec.given([jgz]).when(add()).thenRejects('party_already_added');
      spec.given([jgz]).when(add({ partyId: gpId })).thenRejects('party_already_in_network');
    });

    it('refuses codes outside the lists, naming the field', () => {
      spec.given([]).when(add({ party: 'Dr. Jansen' })).thenRejects('invalid_party_code', 'party');
      spec.given([]).when(add({ role: 'neighbour' as never })).thenRejects('unknown_network_role', 'role');
      spec.given([]).when(add({ relevance: 'nice person' as never })).thenRejects('unknown_relevance', 'relevance');
    });

    it('refuses on an unknown or closed file, or after completion', () => {
      spec.given([]).when(add({ caseFile: { ...caseFile, status: 'none' } })).thenRejects('case_file_not_found');
      spec.given([]).when(add({ caseFile: { ...caseFile, status: 'closed' } })).thenRejects('case_file_closed');
      spec.given([jgz, gp, completed('2026-11-30', true)]).when(add({ partyId: '0193a5b2-7c1e-7000-8000-0000000000a3', party: 'school', role: 'school' })).thenRejects('network_analysis_completed');
    });
  });

  describe('contacting a party (consent decides at that moment)', () => {
    it('records the contact with the consent decision id on a permit', () => {
      spec
        .given([jgz])
        .when(contact(permit))
        .then([
          {
            type: 'NetworkPartyContacted',
            data: { caseFileId, partyId: jgzId, clientId: child, dataCategories: ['help_request'], party: 'jgz', decisionId, consentId: permit.consentId, contactedAt: at },
          },
        ]);
    });

    it('records a refused contact with the denial reason on a deny, and a later permit still contacts', () => {
      const refused: NetworkEvent = {
        type: 'NetworkContactRefused',
        data: { caseFileId, partyId: jgzId, clientId: child, dataCategories: ['help_request'], party: 'jgz', decisionId, denialReason: 'no_consent', refusedAt: at },
      };
      spec.given([jgz]).when(contact(deny)).then([refused]);
      spec.given([jgz, refused]).when(contact(permit)).then([expect.objectContaining({ type: 'NetworkPartyContacted' }) as NetworkEvent]);
    });

    it('refuses an unknown party, a client of another family, no or unknown data categories', () => {
      spec.given([jgz]).when(contact(permit, { partyId: gpId })).thenRejects('party_not_found', 'partyId');
      spec.given([jgz]).when(contact(permit, { clientId: '0193a5b2-7c1e-7000-8000-00000000c999' })).thenRejects('not_of_this_family', 'clientId');
      spec.given([jgz]).when(contact(permit, { dataCategories: [] })).thenRejects('data_categories_required', 'dataCategories');
      spec.given([jgz]).when(contact(permit, { dataCategories: ['help_request', 'diary'] })).thenRejects('unknown_data_category', 'dataCategories.1');
    });
  });

  describe('completion (seed 000: within 6 weeks, JGZ and the GP always)', () => {
    it('completes on time on the last day of week 6', () => {
      spec.given([jgz, gp]).when(complete('2026-12-14')).then([completed('2026-12-14', true)]);
    });

    it('is late the day after', () => {
      spec.given([jgz, gp]).when(complete('2026-12-15')).then([completed('2026-12-15', false)]);
    });

    it('counts from the UTC day of the referral', () => {
      const lateEvening = { ...caseFile, referredAt: '2026-11-02T23:30:00.000Z' };
      spec.given([jgz, gp]).when(complete('2026-12-14', undefined, lateEvening)).then([completed('2026-12-14', true)]);
    });

    it('refuses without JGZ and the GP among the parties, naming parties', () => {
      spec.given([jgz]).when(complete('2026-11-30')).thenRejects('jgz_and_huisarts_required', 'parties');
      spec.given([]).when(complete('2026-11-30')).thenRejects('jgz_and_huisarts_required', 'parties');
    });

    it('refuses a completion day in the future, before the referral, or not a date', () => {
      spec.given([jgz, gp]).when(complete('2026-11-30', '2026-11-29T10:00:00.000Z')).thenRejects('completed_on_in_future', 'completedOn');
      spec.given([jgz, gp]).when(complete('2026-11-01')).thenRejects('completed_before_referral', 'completedOn');
      spec.given([jgz, gp]).when(complete('2026-13-01', at)).thenRejects('invalid_date', 'completedOn');
    });

    it('completes once', () => {
      spec.given([jgz, gp, completed('2026-11-30', true)]).when(complete('2026-12-01')).thenRejects('network_analysis_completed');
    });
  });
});
