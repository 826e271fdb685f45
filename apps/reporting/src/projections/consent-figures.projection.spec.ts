import type { PublicEvent } from '@wijkteam/contracts';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import { ClientTeams, PendingFacts } from './client-attribution';
import { attributeCaseFile, attributeReferral, ConsentCounts, consentFiguresProjection, countConsentFact, DisclosureCounts } from './consent-figures.projection';

const id = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000${n.toString().padStart(2, '0')}`;
const child = id(1);
const parent = id(2);
const at = '2026-03-10T10:00:00.000Z';
const recipient = { organisation: 'jgz', role: null };

const caseFileOpened = (teamId: string, ...clients: string[]) => ({
  type: 'CaseFileOpened',
  data: { caseFileId: id(90), clientId: clients[0], referralId: id(91), teamId, route: 'jgz', childIds: [clients[0]], familyMemberIds: clients.slice(1), openedAt: at },
});
const referralReceived = (teamId: string, clientId: string) => ({
  type: 'ReferralReceived',
  data: { referralId: id(92), clientId, teamId, channel: 'phone', route: 'jgz', deEscalationFrom: null, childIds: [clientId], familyMembers: [], etmIndication: null, intellectualDisability: false, receivedAt: at },
});
const granted = (consentId: string, clientId: string, purpose: string, grantedAt = at) => ({
  type: 'ConsentGranted',
  data: { consentId, clientId, ageBand: '12_to_15', grantors: [{ relation: 'client' }], purpose, recipient, dataCategories: ['help_request'], period: { from: at, until: at }, evidence: { documentId: id(99) }, grantedAt },
});
const refused = (consentId: string, clientId: string, purpose: string) => ({
  type: 'ConsentRefused',
  data: { consentId, clientId, ageBand: '12_to_15', refusedBy: 'client', purpose, recipient, dataCategories: ['help_request'], reason: 'does_not_trust_recipient', refusedAt: at },
});
const withdrawn = (consentId: string, clientId: string, withdrawnAt: string) => ({ type: 'ConsentWithdrawn', data: { consentId, clientId, withdrawnBy: 'client', reason: 'client_wishes', withdrawnAt } });
const decided = (clientId: string, outcome: 'permit' | 'deny', basis: Record<string, unknown> | null) => ({
  type: 'DisclosureDecided',
  data: { decisionId: id(80), clientId, recipient, purpose: 'information_exchange', dataCategories: ['help_request'], outcome, basis, denialReason: outcome === 'deny' ? 'no_consent' : null, decidedAt: at },
});
const recorded = (clientId: string, basis: Record<string, unknown>) => ({
  type: 'DisclosureRecorded',
  data: { disclosureId: id(81), decisionId: id(80), clientId, recipient, purpose: 'information_exchange', dataCategories: ['help_request'], basis, disclosedAt: at },
});
const onConsent = { kind: 'consent', consentId: id(50), legalGround: null, safetyDecisionId: null };
const onMeldcode = { kind: 'legal_ground', consentId: null, legalGround: 'child_safety_meldcode', safetyDecisionId: id(70) };

const spec = busProjectionSpec(consentFiguresProjection, (tx, event) => {
  if (event.type === 'CaseFileOpened') return attributeCaseFile(tx, event as PublicEvent<never>);
  if (event.type === 'ReferralReceived') return attributeReferral(tx, event as PublicEvent<never>);
  return countConsentFact(tx, event as PublicEvent<never>);
});
const rows = async (db: EntityManager, table: typeof ConsentCounts) =>
  (await db.find(table, { order: { team: 'ASC', month: 'ASC', code: 'ASC', detail: 'ASC' } })).map(({ team, month, code, detail, count }) => `${team} ${month} ${code} ${detail} ${count}`);

describe('reporting_consents read model (bus-fed)', () => {
  it("given a family's case file, when consents are granted, refused and withdrawn, then they count per team, month, purpose and decision", async () => {
    await spec
      .given([caseFileOpened('wijkteam-noord', child, parent)])
      .when([granted(id(50), child, 'network_analysis'), refused(id(51), parent, 'warm_handover'), withdrawn(id(50), child, '2026-04-02T08:00:00.000Z')])
      .then(async (db) =>
        expect(await rows(db, ConsentCounts)).toEqual([
          'wijkteam-noord 2026-03 network_analysis granted 1',
          'wijkteam-noord 2026-03 warm_handover refused 1',
          'wijkteam-noord 2026-04 network_analysis withdrawn 1',
        ]),
      );
  });

  it("given a consent before the client's team reached reporting, when the case file arrives, then it moves from unattributed to that team", async () => {
    await spec
      .given([granted(id(50), child, 'network_analysis')])
      .when([caseFileOpened('wijkteam-noord', child)])
      .then(async (db) => {
        expect(await rows(db, ConsentCounts)).toEqual(['wijkteam-noord 2026-03 network_analysis granted 1']);
        expect(await db.count(PendingFacts)).toBe(0);
      });
  });

  it('given a counted consent, when it is delivered again, then it counts once', async () => {
    await spec
      .given([referralReceived('wijkteam-noord', child), granted(id(50), child, 'network_analysis')])
      .when([{ ...granted(id(50), child, 'network_analysis'), id: eventId(2) }])
      .then(async (db) => expect(await rows(db, ConsentCounts)).toEqual(['wijkteam-noord 2026-03 network_analysis granted 1']));
  });

  it("given a later case file of another team, then the client's next facts count there and earlier ones stay where they were", async () => {
    await spec
      .given([referralReceived('wijkteam-noord', child), granted(id(50), child, 'network_analysis')])
      .when([caseFileOpened('wijkteam-zuid', child), granted(id(51), child, 'warm_handover')])
      .then(async (db) =>
        expect(await rows(db, ConsentCounts)).toEqual(['wijkteam-noord 2026-03 network_analysis granted 1', 'wijkteam-zuid 2026-03 warm_handover granted 1']),
      );
  });

  it('counts disclosure decisions and disclosures by ground: consent, a legal ground, none for a denial', async () => {
    await spec
      .given([caseFileOpened('wijkteam-noord', child)])
      .when([decided(child, 'permit', onConsent), recorded(child, onConsent), decided(child, 'deny', null), recorded(child, onMeldcode)])
      .then(async (db) =>
        expect(await rows(db, DisclosureCounts)).toEqual([
          'wijkteam-noord 2026-03 child_safety_meldcode disclosed 1',
          'wijkteam-noord 2026-03 consent disclosed 1',
          'wijkteam-noord 2026-03 consent permit 1',
          'wijkteam-noord 2026-03 none deny 1',
        ]),
      );
  });

  it("given an erasure, then the client's id leaves reporting and what was counted stays", async () => {
    await spec
      .given([granted(id(50), child, 'network_analysis')])
      .when([{ type: 'SubjectKeyDestroyed', data: { subjectId: child, legalBasis: 'avg_art_17', requestId: null, decidedBy: { userId: 'privacy-officer-1', role: 'privacy-officer', organisation: 'gemeente' }, destroyedAt: at } }])
      .then(async (db) => {
        expect(await rows(db, ConsentCounts)).toEqual(['unattributed 2026-03 network_analysis granted 1']);
        expect(await db.count(PendingFacts)).toBe(0);
        expect(await db.count(ClientTeams)).toBe(0);
      });
  });
});
