import { deciderSpec } from '@wijkteam/testing';
import { consentDecider, type ConsentEvent } from './consent';
import type { ConsentRecord } from './consent.types';
import { type DisclosureCommand, disclosureDecider, type DisclosureDecidedData, type DisclosureEvent } from './disclosure';
import type { DenialReason, DisclosureRequest, LegalGround, SafetyDecision } from './disclosure-policy';
import { fold } from '@wijkteam/contracts';

const spec = deciderSpec(disclosureDecider());
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const consentId = '0193a5b2-7c1e-7000-8000-0000000000a1';
const decisionId = '0193a5b2-7c1e-7000-8000-0000000000b1';
const disclosureId = '0193a5b2-7c1e-7000-8000-0000000000e1';
const safetyDecisionId = '0193a5b2-7c1e-7000-8000-0000000000f1';
const at = '2026-03-01T10:00:00.000Z';
const jgz = { organisation: 'jgz', role: null };

const grantedEvent: ConsentEvent = {
  type: 'ConsentGranted',
  data: {
    consentId, clientId, ageBand: '16_plus', grantors: [{ relation: 'client' }], purpose: 'network_analysis', recipient: jgz,
    dataCategories: ['help_request', 'plan_of_approach'], period: { from: '2026-01-10T00:00:00.000Z', until: '2026-07-10T00:00:00.000Z' },
    evidence: { documentId: consentId }, grantedAt: '2026-01-10T09:00:00.000Z',
  },
};
const consentsAfter = (...events: ConsentEvent[]): ConsentRecord[] => Object.values(fold(consentDecider(), events).consents);

const request = (overrides: Partial<DisclosureRequest> = {}): DisclosureRequest => ({
  clientId, recipient: { organisation: 'jgz', role: 'jeugdarts' }, purpose: 'network_analysis', dataCategories: ['help_request'], legalGround: null, ...overrides,
});
const decide = (consents: ConsentRecord[], overrides: Partial<DisclosureRequest> = {}, decidedAt = at, safetyDecision: SafetyDecision | null = null): DisclosureCommand => ({
  type: 'DecideDisclosure', data: { decisionId, request: request(overrides), consents, safetyDecision, decidedAt },
});
const decided = (outcome: Partial<DisclosureDecidedData>, overrides: Partial<DisclosureRequest> = {}, decidedAt = at): DisclosureEvent => {
  const { legalGround: _ground, ...rest } = request(overrides);
  return { type: 'DisclosureDecided', data: { decisionId, ...rest, outcome: 'deny', basis: null, denialReason: null, decidedAt, ...outcome } };
};
const permitByConsent: Partial<DisclosureDecidedData> = { outcome: 'permit', basis: { kind: 'consent', consentId, legalGround: null, safetyDecisionId: null } };
const deny = (denialReason: DenialReason): Partial<DisclosureDecidedData> => ({ outcome: 'deny', denialReason });

describe('disclosure decision', () => {
  it('permits on an active consent covering purpose, recipient and categories, naming the consent', () => {
    spec.given([]).when(decide(consentsAfter(grantedEvent))).then([decided(permitByConsent)]);
  });

  it.each<[string, ConsentEvent[], Partial<DisclosureRequest>, string, DenialReason]>([
    ['no consent at all', [], {}, at, 'no_consent'],
    ['a category not covered', [grantedEvent], { dataCategories: ['help_request', 'safety_concerns'] }, at, 'category_not_covered'],
    ['another recipient', [grantedEvent], { recipient: { organisation: 'school', role: null } }, at, 'recipient_not_covered'],
    ['another purpose', [grantedEvent], { purpose: 'warm_handover' }, at, 'purpose_not_covered'],
    ['after the period', [grantedEvent], {}, '2026-07-10T00:00:00.000Z', 'consent_expired'],
    ['before the period', [grantedEvent], {}, '2026-01-01T00:00:00.000Z', 'consent_not_yet_valid'],
    ['a withdrawn consent', [grantedEvent, { type: 'ConsentWithdrawn', data: { consentId, clientId, withdrawnBy: 'client', reason: 'client_wishes', withdrawnAt: at } }], {}, at, 'consent_withdrawn'],
    ['an expired consent', [grantedEvent, { type: 'ConsentExpired', data: { consentId, clientId, expiredAt: at, detectedAt: at } }], {}, at, 'consent_expired'],
    ['a refusal', [{ type: 'ConsentRefused', data: { consentId, clientId, ageBand: '16_plus', refusedBy: 'client', purpose: 'network_analysis', recipient: jgz, dataCategories: ['help_request'], reason: 'other', refusedAt: at } }], {}, at, 'consent_refused'],
  ])('denies with %s', (_name, history, overrides, when, reason) => {
    spec.given([]).when(decide(consentsAfter(...history), overrides, when)).then([decided(deny(reason), overrides, when)]);
  });

  it('a consent naming a role covers only that role', () => {
    const roleOnly: ConsentEvent = { ...grantedEvent, data: { ...grantedEvent.data, recipient: { organisation: 'jgz', role: 'verpleegkundige' } } } as ConsentEvent;
    spec.given([]).when(decide(consentsAfter(roleOnly))).then([decided(deny('recipient_not_covered'))]);
  });

  // seed 001: without consent only for child safety or care allocation/billing under the Jeugdwet
  it("permits on child safety under the Meldcode, naming safety's decision about this client", () => {
    const legalGround: LegalGround = { ground: 'child_safety_meldcode', safetyDecisionId };
    const known: SafetyDecision = { decisionId: safetyDecisionId, clientId, caseFileId: consentId, outcome: 'report_to_veilig_thuis', decidedAt: at };
    spec.given([]).when(decide([], { legalGround, purpose: 'information_exchange' }, at, known))
      .then([decided({ outcome: 'permit', basis: { kind: 'legal_ground', consentId: null, legalGround: 'child_safety_meldcode', safetyDecisionId } }, { purpose: 'information_exchange' })]);
    // issue 15: any id is no longer a ground
    spec.given([]).when(decide([], { legalGround, purpose: 'information_exchange' })).then([decided(deny('legal_ground_not_applicable'), { purpose: 'information_exchange' })]);
  });
  it('refuses a Meldcode ground without its safety decision (422)', () => {
    spec.given([]).when(decide([], { legalGround: { ground: 'child_safety_meldcode', safetyDecisionId: null } })).thenRejects('safety_decision_required', 'legalGround.safetyDecisionId');
  });
  it('permits care allocation under the Jeugdwet, and nothing else on that ground', () => {
    const legalGround: LegalGround = { ground: 'jeugdwet_care_allocation', safetyDecisionId: null };
    spec.given([]).when(decide([], { legalGround, purpose: 'billing' }))
      .then([decided({ outcome: 'permit', basis: { kind: 'legal_ground', consentId: null, legalGround: 'jeugdwet_care_allocation', safetyDecisionId: null } }, { purpose: 'billing' })]);
    spec.given([]).when(decide([], { legalGround, purpose: 'network_analysis' })).then([decided(deny('legal_ground_not_applicable'))]);
  });
  it('names the field of an unspecific request', () => {
    spec.given([]).when(decide([], { purpose: '' })).thenRejects('purpose_required', 'purpose');
    spec.given([]).when(decide([], { recipient: { organisation: null, role: null } })).thenRejects('recipient_required', 'recipient');
    spec.given([]).when(decide([], { dataCategories: [] })).thenRejects('data_categories_required', 'dataCategories');
    spec.given([]).when(decide([], { dataCategories: ['diary'] })).thenRejects('unknown_data_category', 'dataCategories.0');
  });
});

describe('disclosure record', () => {
  const record = (overrides: Partial<Extract<DisclosureCommand, { type: 'RecordDisclosure' }>['data']> = {}): DisclosureCommand => ({
    type: 'RecordDisclosure',
    data: { disclosureId, decisionId, clientId, recipient: { organisation: 'jgz', role: 'jeugdarts' }, purpose: 'network_analysis', dataCategories: ['help_request'], disclosedAt: '2026-03-01T10:05:00.000Z', ...overrides },
  });
  const permitted = decided(permitByConsent);

  it('records a disclosure under a permit, carrying its basis', () => {
    const data = (record() as { data: object }).data;
    spec.given([permitted]).when(record()).then([{ type: 'DisclosureRecorded', data: { ...data, basis: permitByConsent.basis } } as DisclosureEvent]);
  });
  it('refuses a disclosure under a deny decision (403)', () => {
    spec.given([decided(deny('no_consent'))]).when(record()).thenRejects('disclosure_not_permitted', 'decisionId');
  });
  it('refuses a disclosure that does not match its decision', () => {
    spec.given([permitted]).when(record({ purpose: 'warm_handover' })).thenRejects('decision_mismatch', 'purpose');
    spec.given([permitted]).when(record({ recipient: { organisation: 'school', role: null } })).thenRejects('decision_mismatch', 'recipient');
    spec.given([permitted]).when(record({ dataCategories: ['help_request', 'care_history'] })).thenRejects('decision_mismatch', 'dataCategories');
  });
  it('refuses an unknown decision, a second record and a stale permit', () => {
    spec.given([]).when(record()).thenRejects('decision_not_found', 'decisionId');
    const recorded = { type: 'DisclosureRecorded', data: { ...(record() as { data: object }).data, basis: permitByConsent.basis } } as DisclosureEvent;
    spec.given([permitted, recorded]).when(record({ disclosureId: decisionId })).thenRejects('disclosure_already_recorded');
    spec.given([permitted]).when(record({ disclosedAt: '2026-03-01T11:00:00.000Z' })).thenRejects('decision_expired', 'decisionId');
  });
});
