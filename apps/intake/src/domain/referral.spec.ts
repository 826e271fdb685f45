import { deciderSpec } from '@wijkteam/testing';
import { type ReferralCommand, type ReferralEvent, referralDecider } from './referral';

const spec = deciderSpec(referralDecider);
const referralId = '0193a5b2-7c1e-7000-8000-00000000a001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const at = '2026-11-23T09:00:00.000Z';

const receive = (overrides: Partial<Extract<ReferralCommand, { type: 'ReceiveReferral' }>['data']> = {}): ReferralCommand => ({
  type: 'ReceiveReferral',
  data: { referralId, clientId, client: { name: 'Sanne de Vries', birthDate: '2015-03-02' }, channel: 'phone', route: 'jgz', etmIndication: 3, intellectualDisability: false, receivedAt: at, ...overrides },
});
const received = (overrides: Partial<Extract<ReferralCommand, { type: 'ReceiveReferral' }>['data']> = {}): ReferralEvent =>
  ({ type: 'ReferralReceived', data: (receive(overrides) as Extract<ReferralCommand, { type: 'ReceiveReferral' }>).data }) as ReferralEvent;

describe('referral decider', () => {
  it('receives a new referral', () => {
    spec.given([]).when(receive()).then([received()]);
  });

  it('refuses to receive the same referral twice', () => {
    spec.given([received()]).when(receive()).thenRejects('referral_already_received');
  });

  // seed 000: from 9 months before birth to 23 years
  it.each([
    ['2026-08-01', true],
    ['2003-11-24', true],
    ['2003-11-22', false],
    ['2027-09-01', false],
  ])('accepts birth date %s within the age range: %s', (birthDate, ok) => {
    const when = spec.given([]).when(receive({ client: { name: 'X', birthDate } }));
    if (ok) when.then([received({ client: { name: 'X', birthDate } })]);
    else when.thenRejects('outside_age_range', 'client.birthDate');
  });

  it('refuses an ETM indication outside 1-5', () => {
    spec.given([]).when(receive({ etmIndication: 6 })).thenRejects('etm_out_of_range', 'etmIndication');
  });

  it('accepts a JGZ referral with ETM 3 and opens the case file at once', () => {
    spec
      .given([received()])
      .when({ type: 'AcceptReferral', data: { caseFileId, decidedAt: at } })
      .then([{ type: 'ReferralAccepted', data: { referralId, clientId, caseFileId, route: 'jgz', decidedAt: at } }]);
  });

  // seed 000: network routes need ETM 3-5 or an intellectual disability
  it('refuses to accept a network referral with ETM 2 and no intellectual disability', () => {
    spec
      .given([received({ route: 'neighbourhood_network', etmIndication: 2 })])
      .when({ type: 'AcceptReferral', data: { caseFileId, decidedAt: at } })
      .thenRejects('eligibility_not_met', 'etmIndication');
  });

  it('accepts a network referral with ETM 2 when there is an intellectual disability', () => {
    spec
      .given([received({ route: 'neighbourhood_network', etmIndication: 2, intellectualDisability: true })])
      .when({ type: 'AcceptReferral', data: { caseFileId, decidedAt: at } })
      .then([{ type: 'ReferralAccepted', data: { referralId, clientId, caseFileId, route: 'neighbourhood_network', decidedAt: at } }]);
  });

  it('accepts a self-referral whatever the ETM indication', () => {
    spec
      .given([received({ route: 'self_referral', etmIndication: null })])
      .when({ type: 'AcceptReferral', data: { caseFileId, decidedAt: at } })
      .then([{ type: 'ReferralAccepted', data: { referralId, clientId, caseFileId, route: 'self_referral', decidedAt: at } }]);
  });

  it('declines with a reason and a redirect', () => {
    spec
      .given([received()])
      .when({ type: 'DeclineReferral', data: { reason: 'adult_only_question', redirect: 'adult_team', decidedAt: at } })
      .then([{ type: 'ReferralDeclined', data: { referralId, reason: 'adult_only_question', redirect: 'adult_team', decidedAt: at } }]);
  });

  // seed 004: Veilig Thuis and ETM 5 first
  it.each([
    [{ route: 'veilig_thuis' as const, etmIndication: 3 }, 'urgent'],
    [{ route: 'jgz' as const, etmIndication: 5 }, 'urgent'],
    [{ route: 'jgz' as const, etmIndication: 4 }, 'regular'],
  ])('waitlists %j with priority %s', (overrides, priority) => {
    spec
      .given([received(overrides)])
      .when({ type: 'WaitlistReferral', data: { decidedAt: at } })
      .then([{ type: 'ReferralWaitlisted', data: { referralId, priority: priority as 'urgent' | 'regular', decidedAt: at } }]);
  });

  it('accepts a waitlisted referral later', () => {
    spec
      .given([received(), { type: 'ReferralWaitlisted', data: { referralId, priority: 'regular', decidedAt: at } }])
      .when({ type: 'AcceptReferral', data: { caseFileId, decidedAt: at } })
      .then([{ type: 'ReferralAccepted', data: { referralId, clientId, caseFileId, route: 'jgz', decidedAt: at } }]);
  });

  it('refuses a second decision once accepted or declined', () => {
    const accepted: ReferralEvent = { type: 'ReferralAccepted', data: { referralId, clientId, caseFileId, route: 'jgz', decidedAt: at } };
    spec.given([received(), accepted]).when({ type: 'DeclineReferral', data: { reason: 'no_consent', redirect: 'none', decidedAt: at } }).thenRejects('referral_already_decided');
    spec.given([received(), accepted]).when({ type: 'WaitlistReferral', data: { decidedAt: at } }).thenRejects('referral_already_decided');
  });

  it('cannot decide on an unknown referral', () => {
    spec.given([]).when({ type: 'AcceptReferral', data: { caseFileId, decidedAt: at } }).thenRejects('referral_not_found');
  });
});
