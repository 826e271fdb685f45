import { type Decider, type DomainEvent, DomainError, streamOf } from '@wijkteam/contracts';
import { addMonthsUtc } from './calendar';

/**
 * A request to destroy a file (Jeugdwet art. 7.3.9): by the youth from 12 years, or by the parents
 * or guardian. It must be decided within 3 months of receipt; a refusal needs a reason from the
 * fixed list (the law's grounds). Stream `consent.destructionRequest-<requestId>`. The requester's age is
 * checked but not stored: only whether they were entitled matters afterwards.
 */
export const REQUESTERS = ['youth', 'parent_or_guardian'] as const;
export type Requester = (typeof REQUESTERS)[number];

export const REFUSAL_REASONS = [
  'significant_interest_of_another', // keeping it is reasonably of considerable interest to someone else
  'statutory_retention_obligation', // another law requires keeping it
  'ongoing_child_protection_measure',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const DECISION_TERM_MONTHS = 3;
const MINIMUM_AGE_OF_YOUTH_REQUESTER = 12;

export type DestructionRequestCommand =
  | { type: 'ReceiveDestructionRequest'; data: { requestId: string; subjectId: string; requester: Requester; youthAge: number; receivedAt: string } }
  | { type: 'GrantDestructionRequest'; data: { decidedAt: string } }
  | { type: 'RefuseDestructionRequest'; data: { reason: RefusalReason; decidedAt: string } };

export type DestructionRequestEvent =
  | DomainEvent<'DestructionRequestReceived', { requestId: string; subjectId: string; requester: Requester; receivedAt: string; decideBy: string }>
  | DomainEvent<'DestructionRequestGranted', { requestId: string; subjectId: string; decidedAt: string; withinTerm: boolean }>
  | DomainEvent<'DestructionRequestRefused', { requestId: string; subjectId: string; reason: RefusalReason; decidedAt: string; withinTerm: boolean }>;

export interface DestructionRequestState {
  status: 'none' | 'received' | 'granted' | 'refused';
  requestId?: string;
  subjectId?: string;
  receivedAt?: string;
  decideBy?: string;
}

export const destructionRequestStream = streamOf('consent', 'destructionRequest');

function decidable(state: DestructionRequestState, decidedAt: string): { requestId: string; subjectId: string; decidedAt: string; withinTerm: boolean } {
  if (state.status === 'none') throw new DomainError('destruction_request_not_found', 'not_found');
  if (state.status !== 'received') throw new DomainError('destruction_request_already_decided', 'conflict');
  if (Number.isNaN(Date.parse(decidedAt))) throw new DomainError('invalid_date', 'unprocessable', 'decidedAt');
  if (Date.parse(decidedAt) < Date.parse(state.receivedAt as string)) throw new DomainError('decided_before_receipt', 'unprocessable', 'decidedAt');
  return { requestId: state.requestId as string, subjectId: state.subjectId as string, decidedAt, withinTerm: Date.parse(decidedAt) <= Date.parse(state.decideBy as string) };
}

export const destructionRequestDecider: Decider<DestructionRequestCommand, DestructionRequestEvent, DestructionRequestState> = {
  initialState: () => ({ status: 'none' }),
  decide(command, state) {
    switch (command.type) {
      case 'ReceiveDestructionRequest': {
        const { requestId, subjectId, requester, youthAge, receivedAt } = command.data;
        if (state.status !== 'none') throw new DomainError('destruction_request_already_received', 'conflict');
        if (!(REQUESTERS as readonly string[]).includes(requester)) throw new DomainError('unknown_requester', 'unprocessable', 'requester');
        if (requester === 'youth' && youthAge < MINIMUM_AGE_OF_YOUTH_REQUESTER)
          throw new DomainError('requester_not_entitled', 'unprocessable', 'requester');
        if (Number.isNaN(Date.parse(receivedAt))) throw new DomainError('invalid_date', 'unprocessable', 'receivedAt');
        const decideBy = addMonthsUtc(new Date(receivedAt), DECISION_TERM_MONTHS).toISOString();
        return [{ type: 'DestructionRequestReceived', data: { requestId, subjectId, requester, receivedAt, decideBy } }];
      }
      case 'GrantDestructionRequest':
        return [{ type: 'DestructionRequestGranted', data: decidable(state, command.data.decidedAt) }];
      case 'RefuseDestructionRequest': {
        if (!(REFUSAL_REASONS as readonly string[]).includes(command.data.reason)) throw new DomainError('unknown_refusal_reason', 'unprocessable', 'reason');
        const { requestId, subjectId, decidedAt, withinTerm } = decidable(state, command.data.decidedAt);
        return [{ type: 'DestructionRequestRefused', data: { requestId, subjectId, reason: command.data.reason, decidedAt, withinTerm } }];
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'DestructionRequestReceived':
        return { status: 'received', requestId: event.data.requestId, subjectId: event.data.subjectId, receivedAt: event.data.receivedAt, decideBy: event.data.decideBy };
      case 'DestructionRequestGranted':
        return { ...state, status: 'granted' };
      case 'DestructionRequestRefused':
        return { ...state, status: 'refused' };
    }
  },
};
