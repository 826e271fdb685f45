import { type Decider, type DomainEvent, DomainError, streamOf } from '@wijkteam/contracts';
import { type ConsentPolicy, DEFAULT_CONSENT_POLICY } from './consent-policy';
import type { ConsentRecord, Recipient } from './consent.types';
import { type DenialReason, type DisclosureBasis, type DisclosureRequest, evaluateDisclosure, type SafetyDecision } from './disclosure-policy';

/**
 * Decisions and disclosures of one client share a stream, `consent.disclosure-<clientId>`: recording a
 * disclosure checks its decision in the same stream (atomic), and "who received what about me" is one
 * stream read. docs/domain.md: every disclosure is itself an event.
 */
export const disclosureStream = streamOf('consent', 'disclosure');

export type DisclosureCommand =
  | {
      type: 'DecideDisclosure';
      /**
       * `consents`: the client's consents as the index holds them at `decidedAt`; `safetyDecision`: the
       * Meldcode decision the ground names, as consent's read model holds it (both read, not decided, here).
       */
      data: { decisionId: string; request: DisclosureRequest; consents: readonly ConsentRecord[]; safetyDecision: SafetyDecision | null; decidedAt: string };
    }
  | {
      type: 'RecordDisclosure';
      data: { disclosureId: string; decisionId: string; clientId: string; recipient: Recipient; purpose: string; dataCategories: string[]; disclosedAt: string };
    };

export type DisclosureDecidedData = {
  decisionId: string;
  clientId: string;
  recipient: Recipient;
  purpose: string;
  dataCategories: string[];
  outcome: 'permit' | 'deny';
  basis: DisclosureBasis | null;
  denialReason: DenialReason | null;
  decidedAt: string;
};
export type DisclosureRecordedData = Extract<DisclosureCommand, { type: 'RecordDisclosure' }>['data'] & { basis: DisclosureBasis };

export type DisclosureEvent = DomainEvent<'DisclosureDecided', DisclosureDecidedData> | DomainEvent<'DisclosureRecorded', DisclosureRecordedData>;

export interface DisclosureState {
  decisions: Readonly<Record<string, DisclosureDecidedData & { disclosed: boolean }>>;
}

function assertRequestSpecific(policy: ConsentPolicy, request: DisclosureRequest): void {
  if (!request.purpose) throw new DomainError('purpose_required', 'unprocessable', 'purpose');
  if (!request.recipient.organisation && !request.recipient.role) throw new DomainError('recipient_required', 'unprocessable', 'recipient');
  if (request.dataCategories.length === 0) throw new DomainError('data_categories_required', 'unprocessable', 'dataCategories');
  request.dataCategories.forEach((category, index) => {
    if (!policy.dataCategories.includes(category)) throw new DomainError('unknown_data_category', 'unprocessable', `dataCategories.${index}`);
  });
  // A Meldcode ground without the safety decision it rests on is not a recorded ground (seed 001).
  if (request.legalGround?.ground === 'child_safety_meldcode' && !request.legalGround.safetyDecisionId)
    throw new DomainError('safety_decision_required', 'unprocessable', 'legalGround.safetyDecisionId');
}

export function disclosureDecider(policy: ConsentPolicy = DEFAULT_CONSENT_POLICY): Decider<DisclosureCommand, DisclosureEvent, DisclosureState> {
  return {
    initialState: () => ({ decisions: {} }),

    decide(command, state) {
      switch (command.type) {
        case 'DecideDisclosure': {
          const { decisionId, request, consents, safetyDecision, decidedAt } = command.data;
          assertRequestSpecific(policy, request);
          const verdict = evaluateDisclosure(request, consents, decidedAt, safetyDecision);
          const { clientId, recipient, purpose, dataCategories } = request;
          return [
            {
              type: 'DisclosureDecided',
              data: {
                decisionId, clientId, recipient, purpose, dataCategories, outcome: verdict.outcome,
                basis: verdict.outcome === 'permit' ? verdict.basis : null,
                denialReason: verdict.outcome === 'deny' ? verdict.reason : null,
                decidedAt,
              },
            },
          ];
        }
        case 'RecordDisclosure': {
          const data = command.data;
          const decision = state.decisions[data.decisionId];
          if (!decision) throw new DomainError('decision_not_found', 'not_found', 'decisionId');
          if (decision.outcome !== 'permit' || !decision.basis) throw new DomainError('disclosure_not_permitted', 'forbidden', 'decisionId');
          if (decision.disclosed) throw new DomainError('disclosure_already_recorded', 'conflict', 'decisionId');
          // The disclosure must be what was decided: the same recipient and purpose, no extra categories.
          if (decision.recipient.organisation !== data.recipient.organisation || decision.recipient.role !== data.recipient.role)
            throw new DomainError('decision_mismatch', 'unprocessable', 'recipient');
          if (decision.purpose !== data.purpose) throw new DomainError('decision_mismatch', 'unprocessable', 'purpose');
          if (!data.dataCategories.length || data.dataCategories.some((c) => !decision.dataCategories.includes(c)))
            throw new DomainError('decision_mismatch', 'unprocessable', 'dataCategories');
          const age = Date.parse(data.disclosedAt) - Date.parse(decision.decidedAt);
          // A permit is for now, not for later: a withdrawal after it must stop the next disclosure.
          if (age > policy.decisionValidityMinutes * 60_000) throw new DomainError('decision_expired', 'conflict', 'decisionId');
          if (age < 0) throw new DomainError('disclosed_before_decision', 'unprocessable', 'disclosedAt');
          return [{ type: 'DisclosureRecorded', data: { ...data, basis: decision.basis } }];
        }
      }
    },

    evolve(state, event) {
      switch (event.type) {
        case 'DisclosureDecided':
          return { decisions: { ...state.decisions, [event.data.decisionId]: { ...event.data, disclosed: false } } };
        case 'DisclosureRecorded': {
          const decision = state.decisions[event.data.decisionId];
          return decision ? { decisions: { ...state.decisions, [event.data.decisionId]: { ...decision, disclosed: true } } } : state;
        }
      }
    },
  };
}
