import { CHANNELS, DECLINE_REASONS, type Decider, type DomainEvent, DomainError, REDIRECTS, ROUTES, streamOf } from '@wijkteam/contracts';

/**
 * A referral (aanmelding) from intake to decision. Seed 000: a referral arrives by a channel through a
 * route; the team accepts it (case file opened at once), declines it with a reason and a redirect, or
 * puts it on the waiting list with a priority (seed 004: Veilig Thuis and ETM 5 first).
 * The client's name and birth date are personal data: encrypted per client before they reach the
 * store (libs/contracts PERSONAL_DATA), so they read as erased once the client's key is destroyed.
 */
export { CHANNELS, DECLINE_REASONS, REDIRECTS, ROUTES };
export type Channel = (typeof CHANNELS)[number];
export type Route = (typeof ROUTES)[number];
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export type Redirect = (typeof REDIRECTS)[number];

export type ReferralCommand =
  | {
      type: 'ReceiveReferral';
      data: {
        referralId: string;
        clientId: string;
        client: { name: string; birthDate: string };
        channel: Channel;
        route: Route;
        etmIndication: number | null;
        intellectualDisability: boolean;
        receivedAt: string;
      };
    }
  | { type: 'AcceptReferral'; data: { caseFileId: string; decidedAt: string } }
  | { type: 'DeclineReferral'; data: { reason: DeclineReason; redirect: Redirect; decidedAt: string } }
  | { type: 'WaitlistReferral'; data: { decidedAt: string } };

export type ReferralEvent =
  | DomainEvent<'ReferralReceived', Extract<ReferralCommand, { type: 'ReceiveReferral' }>['data']>
  | DomainEvent<'ReferralAccepted', { referralId: string; clientId: string; caseFileId: string; route: Route; decidedAt: string }>
  | DomainEvent<'ReferralDeclined', { referralId: string; reason: DeclineReason; redirect: Redirect; decidedAt: string }>
  | DomainEvent<'ReferralWaitlisted', { referralId: string; priority: 'urgent' | 'regular'; decidedAt: string }>;

export type ReferralStatus = 'none' | 'received' | 'waitlisted' | 'accepted' | 'declined';

export interface ReferralState {
  status: ReferralStatus;
  referralId?: string;
  clientId?: string;
  client?: { name: string; birthDate: string };
  route?: Route;
  channel?: Channel;
  etmIndication?: number | null;
  intellectualDisability?: boolean;
  receivedAt?: string;
  caseFileId?: string;
  priority?: 'urgent' | 'regular';
  declineReason?: DeclineReason;
}

// seed 000: referrals from JGZ or the formal neighbourhood network need ETM 3-5 or an intellectual disability.
const NEEDS_SEVERITY: readonly Route[] = ['jgz', 'neighbourhood_network'];

function assertDecidable(state: ReferralState): asserts state is ReferralState & { referralId: string; clientId: string; route: Route } {
  if (state.status === 'none') throw new DomainError('referral_not_found', 'not_found');
  if (state.status === 'accepted' || state.status === 'declined') throw new DomainError('referral_already_decided');
}

export const referralDecider: Decider<ReferralCommand, ReferralEvent, ReferralState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'ReceiveReferral':
        if (state.status !== 'none') throw new DomainError('referral_already_received');
        if (!withinAgeRange(command.data.client.birthDate, command.data.receivedAt))
          throw new DomainError('outside_age_range', 'unprocessable', 'client.birthDate');
        if (command.data.etmIndication !== null && !(command.data.etmIndication >= 1 && command.data.etmIndication <= 5))
          throw new DomainError('etm_out_of_range', 'unprocessable', 'etmIndication');
        return [{ type: 'ReferralReceived', data: command.data }];
      case 'AcceptReferral': {
        assertDecidable(state);
        const etm = state.etmIndication ?? 0;
        if (NEEDS_SEVERITY.includes(state.route) && etm < 3 && !state.intellectualDisability)
          throw new DomainError('eligibility_not_met', 'unprocessable', 'etmIndication');
        return [
          {
            type: 'ReferralAccepted',
            data: { referralId: state.referralId, clientId: state.clientId, caseFileId: command.data.caseFileId, route: state.route, decidedAt: command.data.decidedAt },
          },
        ];
      }
      case 'DeclineReferral':
        assertDecidable(state);
        return [{ type: 'ReferralDeclined', data: { referralId: state.referralId, ...command.data } }];
      case 'WaitlistReferral': {
        assertDecidable(state);
        if (state.status === 'waitlisted') throw new DomainError('referral_already_waitlisted');
        // seed 004: Veilig Thuis referrals and ETM 5 go first on the waiting list.
        const urgent = state.route === 'veilig_thuis' || state.etmIndication === 5;
        return [{ type: 'ReferralWaitlisted', data: { referralId: state.referralId, priority: urgent ? 'urgent' : 'regular', decidedAt: command.data.decidedAt } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ReferralReceived':
        return { ...state, status: 'received', ...event.data };
      case 'ReferralAccepted':
        return { ...state, status: 'accepted', caseFileId: event.data.caseFileId };
      case 'ReferralDeclined':
        return { ...state, status: 'declined', declineReason: event.data.reason };
      case 'ReferralWaitlisted':
        return { ...state, status: 'waitlisted', priority: event.data.priority };
    }
  },
};

/**
 * seed 000: the team helps from 9 months before birth up to 23 years (plus family members). A
 * birth date up to 9 months ahead stands for an expected child.
 */
export function withinAgeRange(birthDate: string, at: string): boolean {
  const birth = new Date(`${birthDate}T00:00:00.000Z`);
  const now = new Date(at);
  if (Number.isNaN(birth.getTime()) || Number.isNaN(now.getTime())) return false;
  const earliest = new Date(now);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - 23);
  const latest = new Date(now);
  latest.setUTCMonth(latest.getUTCMonth() + 9);
  return birth > earliest && birth <= latest;
}

/** `intake.referral-<referralId>` */
export const referralStream = streamOf('intake', 'referral');
