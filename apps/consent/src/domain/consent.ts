import { type Decider, type DomainEvent, DomainError, streamOf } from '@wijkteam/contracts';
import { type ConsentPolicy, DEFAULT_CONSENT_POLICY, type RefusalReason, type Relation, type WithdrawalReason } from './consent-policy';
import type { ConsentRecord, Evidence, Grantor, Period, Recipient } from './consent.types';
import { assertCapacity, assertNoOverlap, assertSpecific, assertValidPeriod } from './grant-rules';

/**
 * All consents of one client live in one stream, `consent.consent-<clientId>`: the overlap rule needs
 * every grant of the client in view, and one stream with an expected revision makes that check atomic.
 */
export const consentStream = streamOf('consent', 'consent');
/** The category of the consent streams (`consent.consent`): read models filter the history by it. */
export const CONSENT_STREAM_CATEGORY = consentStream.category;
/** `consent.consent-`: the prefix of every client's consent stream, for a filtered read. */
export const consentStreamPrefix = consentStream.prefix;

export type GrantConsentData = {
  consentId: string;
  clientId: string;
  /** Age in years at the time of the grant; only its band (a code) is kept in the event. */
  subjectAge: number;
  grantors: Grantor[];
  purpose: string;
  recipient: Recipient;
  dataCategories: string[];
  period: Period;
  evidence: Evidence;
  grantedAt: string;
};

export type RefuseConsentData = Omit<GrantConsentData, 'grantors' | 'period' | 'evidence' | 'grantedAt'> & {
  refusedBy: Relation;
  reason: RefusalReason;
  refusedAt: string;
};

export type ConsentCommand =
  | { type: 'GrantConsent'; data: GrantConsentData }
  | { type: 'RefuseConsent'; data: RefuseConsentData }
  | { type: 'WithdrawConsent'; data: { consentId: string; withdrawnBy: Relation; reason: WithdrawalReason; withdrawnAt: string } }
  | { type: 'ExpireConsent'; data: { consentId: string; now: string } };

type Granted = Omit<GrantConsentData, 'subjectAge'> & { ageBand: string };
type Refused = Omit<RefuseConsentData, 'subjectAge'> & { ageBand: string };

export type ConsentEvent =
  | DomainEvent<'ConsentGranted', Granted>
  | DomainEvent<'ConsentRefused', Refused>
  | DomainEvent<'ConsentWithdrawn', { consentId: string; clientId: string; withdrawnBy: Relation; reason: WithdrawalReason; withdrawnAt: string }>
  | DomainEvent<'ConsentExpired', { consentId: string; clientId: string; expiredAt: string; detectedAt: string }>;

export interface ConsentState {
  clientId: string | null;
  consents: Readonly<Record<string, ConsentRecord>>;
}

function existing(state: ConsentState, consentId: string): ConsentRecord {
  const record = state.consents[consentId];
  if (!record) throw new DomainError('consent_not_found', 'not_found', 'consentId');
  return record;
}

function assertActive(record: ConsentRecord): void {
  if (record.status === 'withdrawn') throw new DomainError('consent_already_withdrawn');
  if (record.status === 'expired') throw new DomainError('consent_already_expired');
  if (record.status === 'refused') throw new DomainError('consent_was_refused');
}

function assertNew(state: ConsentState, consentId: string, clientId: string): void {
  if (state.consents[consentId]) throw new DomainError('consent_already_recorded');
  if (state.clientId !== null && state.clientId !== clientId) throw new DomainError('client_mismatch', 'unprocessable', 'clientId');
}

/** The consent decider, parameterised by the policy (catalogues, age rule): configuration, not code. */
export function consentDecider(policy: ConsentPolicy = DEFAULT_CONSENT_POLICY): Decider<ConsentCommand, ConsentEvent, ConsentState> {
  return {
    initialState: () => ({ clientId: null, consents: {} }),

    decide(command, state) {
      switch (command.type) {
        case 'GrantConsent': {
          const { subjectAge, ...data } = command.data;
          assertNew(state, data.consentId, data.clientId);
          assertSpecific(policy, data);
          assertValidPeriod(policy, data.period, data.grantedAt);
          const ageBand = assertCapacity(policy, subjectAge, data.grantors.map((grantor) => grantor.relation), 'grantors');
          assertNoOverlap(Object.values(state.consents), data);
          return [{ type: 'ConsentGranted', data: { ...data, ageBand } }];
        }
        case 'RefuseConsent': {
          const { subjectAge, ...data } = command.data;
          assertNew(state, data.consentId, data.clientId);
          // A refusal is as specific as the request it answers: otherwise it would block more than was asked.
          assertSpecific(policy, data);
          const ageBand = assertCapacity(policy, subjectAge, [data.refusedBy], 'refusedBy', true);
          return [{ type: 'ConsentRefused', data: { ...data, ageBand } }];
        }
        case 'WithdrawConsent': {
          const record = existing(state, command.data.consentId);
          assertActive(record);
          // Anyone whose signature the grant needed may withdraw it alone (AVG: withdrawal is as easy as consent).
          if (!record.grantors.includes(command.data.withdrawnBy)) throw new DomainError('withdrawer_not_a_grantor', 'forbidden', 'withdrawnBy');
          return [{ type: 'ConsentWithdrawn', data: { clientId: record.clientId, ...command.data } }];
        }
        case 'ExpireConsent': {
          const record = existing(state, command.data.consentId);
          assertActive(record);
          const until = record.period?.until ?? record.decidedAt;
          if (Date.parse(command.data.now) < Date.parse(until)) throw new DomainError('consent_not_yet_expired', 'conflict', 'now');
          return [{ type: 'ConsentExpired', data: { consentId: record.consentId, clientId: record.clientId, expiredAt: until, detectedAt: command.data.now } }];
        }
      }
    },

    evolve(state, event) {
      const put = (record: ConsentRecord): ConsentState => ({ clientId: record.clientId, consents: { ...state.consents, [record.consentId]: record } });
      switch (event.type) {
        case 'ConsentGranted': {
          const { grantedAt, grantors, ...data } = event.data;
          return put({ ...data, grantors: grantors.map((g) => g.relation), status: 'active', decidedAt: grantedAt, endedAt: null, refusalReason: null, withdrawalReason: null });
        }
        case 'ConsentRefused': {
          const { refusedAt, refusedBy, reason, ...data } = event.data;
          return put({ ...data, grantors: [refusedBy], status: 'refused', period: null, evidence: null, decidedAt: refusedAt, endedAt: refusedAt, refusalReason: reason, withdrawalReason: null });
        }
        case 'ConsentWithdrawn': {
          const record = state.consents[event.data.consentId];
          return record ? put({ ...record, status: 'withdrawn', endedAt: event.data.withdrawnAt, withdrawalReason: event.data.reason }) : state;
        }
        case 'ConsentExpired': {
          const record = state.consents[event.data.consentId];
          return record ? put({ ...record, status: 'expired', endedAt: event.data.expiredAt }) : state;
        }
      }
    },
  };
}
