import { deciderSpec } from '@wijkteam/testing';
import { type ConsentCommand, type ConsentEvent, consentDecider, type GrantConsentData, type RefuseConsentData } from './consent';
import { DEFAULT_CONSENT_POLICY } from './consent-policy';

const spec = deciderSpec(consentDecider());
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const consentId = '0193a5b2-7c1e-7000-8000-0000000000a1';
const otherId = '0193a5b2-7c1e-7000-8000-0000000000a2';
const documentId = '0193a5b2-7c1e-7000-8000-0000000000d1';
const at = '2026-01-10T09:00:00.000Z';

const grant = (overrides: Partial<GrantConsentData> = {}): ConsentCommand => ({
  type: 'GrantConsent',
  data: {
    consentId, clientId, subjectAge: 16, grantors: [{ relation: 'client' }], purpose: 'network_analysis',
    recipient: { organisation: 'jgz', role: null }, dataCategories: ['help_request', 'plan_of_approach'],
    period: { from: '2026-01-10T00:00:00.000Z', until: '2026-07-10T00:00:00.000Z' }, evidence: { documentId }, grantedAt: at,
    ...overrides,
  },
});
const granted = (overrides: Partial<GrantConsentData> = {}, ageBand = '16_plus'): ConsentEvent => {
  const { subjectAge: _age, ...data } = (grant(overrides) as { data: GrantConsentData }).data;
  return { type: 'ConsentGranted', data: { ...data, ageBand } };
};
const withdrawn: ConsentEvent = { type: 'ConsentWithdrawn', data: { consentId, clientId, withdrawnBy: 'client', reason: 'client_wishes', withdrawnAt: at } };
const refuse = (overrides: Partial<RefuseConsentData> = {}): ConsentCommand => ({
  type: 'RefuseConsent',
  data: {
    consentId, clientId, subjectAge: 10, refusedBy: 'parent', purpose: 'warm_handover', recipient: { organisation: 'school', role: null },
    dataCategories: ['school_information'], reason: 'does_not_trust_recipient', refusedAt: at, ...overrides,
  },
});

describe('consent decider: grant', () => {
  it('grants a specific consent and keeps the age band, not the age', () => {
    spec.given([]).when(grant()).then([granted()]);
  });

  // docs/domain.md: under 12 the parents or guardians consent
  it('under 12: a parent or a guardian consents alone', () => {
    spec.given([]).when(grant({ subjectAge: 9, grantors: [{ relation: 'guardian' }] })).then([granted({ subjectAge: 9, grantors: [{ relation: 'guardian' }] }, 'under_12')]);
  });
  it('under 12: the child cannot consent (403 naming the grantor)', () => {
    spec.given([]).when(grant({ subjectAge: 11, grantors: [{ relation: 'client' }] })).thenRejects('grantor_lacks_capacity', 'grantors.0.relation');
  });

  // 12-15: both the youth and a parent/guardian
  it('12-15: the youth and a parent together consent', () => {
    const both = { subjectAge: 13, grantors: [{ relation: 'client' as const }, { relation: 'parent' as const }] };
    spec.given([]).when(grant(both)).then([granted(both, '12_15')]);
  });
  it.each([
    [[{ relation: 'client' as const }]],
    [[{ relation: 'parent' as const }]],
    [[{ relation: 'parent' as const }, { relation: 'guardian' as const }]],
  ])('12-15: %j alone lacks the co-signature (422)', (grantors) => {
    spec.given([]).when(grant({ subjectAge: 14, grantors })).thenRejects('co_signature_required', 'grantors');
  });

  // 16+: the youth
  it('16+: a parent cannot consent for the youth (403)', () => {
    spec.given([]).when(grant({ subjectAge: 17, grantors: [{ relation: 'parent' }] })).thenRejects('grantor_lacks_capacity', 'grantors.0.relation');
  });
  it('rejects a grant without grantors or with an impossible age', () => {
    spec.given([]).when(grant({ grantors: [] })).thenRejects('grantor_required', 'grantors');
    spec.given([]).when(grant({ subjectAge: -1 })).thenRejects('invalid_subject_age', 'subjectAge');
  });
  it('follows a configured age rule instead of the default', () => {
    const policy = { ...DEFAULT_CONSENT_POLICY, ageBands: [{ code: 'all', fromAge: 0, requires: [['guardian' as const]] }] };
    deciderSpec(consentDecider(policy)).given([]).when(grant({ grantors: [{ relation: 'client' }] })).thenRejects('grantor_lacks_capacity');
  });

  // seed 004: no broad consent
  it.each([
    [{ purpose: '' }, 'broad_consent_not_allowed', 'purpose'],
    [{ purpose: 'everything' }, 'unknown_purpose', 'purpose'],
    [{ recipient: { organisation: null, role: null } }, 'broad_consent_not_allowed', 'recipient'],
    [{ dataCategories: [] }, 'broad_consent_not_allowed', 'dataCategories'],
    [{ dataCategories: ['help_request', 'diary'] }, 'unknown_data_category', 'dataCategories.1'],
    [{ dataCategories: ['help_request', 'help_request'] }, 'duplicate_data_category', 'dataCategories'],
  ])('rejects %j with %s naming %s', (overrides, code, field) => {
    spec.given([]).when(grant(overrides as Partial<GrantConsentData>)).thenRejects(code, field);
  });

  it.each([
    [{ from: 'x', until: '2026-07-10T00:00:00.000Z' }, 'invalid_period', 'period.from'],
    [{ from: '2026-07-10T00:00:00.000Z', until: '2026-01-10T00:00:00.000Z' }, 'invalid_period', 'period.until'],
    [{ from: '2025-01-01T00:00:00.000Z', until: '2026-01-01T00:00:00.000Z' }, 'period_already_ended', 'period.until'],
    [{ from: '2026-01-10T00:00:00.000Z', until: '2028-01-10T00:00:00.000Z' }, 'period_too_long', 'period.until'],
  ])('rejects the period %j', (period, code, field) => {
    spec.given([]).when(grant({ period })).thenRejects(code, field);
  });

  it('refuses to record the same consent id twice', () => {
    spec.given([granted()]).when(grant()).thenRejects('consent_already_recorded');
  });
});

describe('consent decider: overlapping grants', () => {
  const second = { consentId: otherId, period: { from: '2026-03-01T00:00:00.000Z', until: '2026-09-01T00:00:00.000Z' } };
  it('refuses a second active grant for the same purpose and recipient that overlaps in time', () => {
    spec.given([granted()]).when(grant(second)).thenRejects('overlapping_consent', 'period');
  });
  it('allows it once the first is withdrawn', () => {
    spec.given([granted(), withdrawn]).when(grant(second)).then([granted(second)]);
  });
  it('allows it once the first has expired', () => {
    const expired: ConsentEvent = { type: 'ConsentExpired', data: { consentId, clientId, expiredAt: '2026-07-10T00:00:00.000Z', detectedAt: at } };
    spec.given([granted(), expired]).when(grant(second)).then([granted(second)]);
  });
  it('allows adjoining periods and other recipients or purposes', () => {
    const next = { consentId: otherId, period: { from: '2026-07-10T00:00:00.000Z', until: '2026-12-01T00:00:00.000Z' } };
    spec.given([granted()]).when(grant(next)).then([granted(next)]);
    const school = { ...second, recipient: { organisation: 'school', role: null } };
    spec.given([granted()]).when(grant(school)).then([granted(school)]);
    const handover = { ...second, purpose: 'warm_handover' };
    spec.given([granted()]).when(grant(handover)).then([granted(handover)]);
  });
});

describe('consent decider: refusal, withdrawal, expiry', () => {
  // seed 000: "Wanneer de cliënt geen toestemming geeft dit met reden aangeven in het ZCD"
  it('records a refusal with its reason', () => {
    const { subjectAge: _age, ...data } = (refuse() as { data: RefuseConsentData }).data;
    spec.given([]).when(refuse()).then([{ type: 'ConsentRefused', data: { ...data, ageBand: 'under_12' } }]);
  });
  it('lets either required signer refuse for a 12-15-year-old, but not someone without capacity', () => {
    spec.given([]).when(refuse({ subjectAge: 13, refusedBy: 'client' })).then([expect.objectContaining({ type: 'ConsentRefused' }) as ConsentEvent]);
    spec.given([]).when(refuse({ subjectAge: 17, refusedBy: 'parent' })).thenRejects('grantor_lacks_capacity', 'refusedBy');
  });
  it('a refusal is specific too', () => {
    spec.given([]).when(refuse({ purpose: '' })).thenRejects('broad_consent_not_allowed', 'purpose');
  });

  it('withdraws an active consent', () => {
    spec.given([granted()]).when({ type: 'WithdrawConsent', data: { consentId, withdrawnBy: 'client', reason: 'client_wishes', withdrawnAt: at } }).then([withdrawn]);
  });
  it('refuses to withdraw twice', () => {
    spec.given([granted(), withdrawn]).when({ type: 'WithdrawConsent', data: { consentId, withdrawnBy: 'client', reason: 'client_wishes', withdrawnAt: at } }).thenRejects('consent_already_withdrawn');
  });
  it('only a grantor may withdraw; either signer of a 12-15 grant may', () => {
    spec.given([granted()]).when({ type: 'WithdrawConsent', data: { consentId, withdrawnBy: 'parent', reason: 'other', withdrawnAt: at } }).thenRejects('withdrawer_not_a_grantor', 'withdrawnBy');
    const both = granted({ subjectAge: 13, grantors: [{ relation: 'client' }, { relation: 'parent' }] }, '12_15');
    spec.given([both]).when({ type: 'WithdrawConsent', data: { consentId, withdrawnBy: 'parent', reason: 'other', withdrawnAt: at } })
      .then([{ type: 'ConsentWithdrawn', data: { consentId, clientId, withdrawnBy: 'parent', reason: 'other', withdrawnAt: at } }]);
  });
  it('cannot withdraw an unknown consent', () => {
    spec.given([]).when({ type: 'WithdrawConsent', data: { consentId, withdrawnBy: 'client', reason: 'other', withdrawnAt: at } }).thenRejects('consent_not_found', 'consentId');
  });

  it('refuses expiry before the end of the period', () => {
    spec.given([granted()]).when({ type: 'ExpireConsent', data: { consentId, now: '2026-07-09T23:59:59.000Z' } }).thenRejects('consent_not_yet_expired', 'now');
  });
  it('expires at the end of the period', () => {
    spec.given([granted()]).when({ type: 'ExpireConsent', data: { consentId, now: '2026-07-10T00:00:00.000Z' } })
      .then([{ type: 'ConsentExpired', data: { consentId, clientId, expiredAt: '2026-07-10T00:00:00.000Z', detectedAt: '2026-07-10T00:00:00.000Z' } }]);
  });
  it('does not expire a withdrawn consent', () => {
    spec.given([granted(), withdrawn]).when({ type: 'ExpireConsent', data: { consentId, now: '2027-01-01T00:00:00.000Z' } }).thenRejects('consent_already_withdrawn');
  });
});
