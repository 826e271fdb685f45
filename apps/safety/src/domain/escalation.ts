import {
  type Decider,
  type DomainEvent,
  DomainError,
  ESCALATION_OUTCOMES,
  ESCALATION_REASONS_BY_TARGET,
  ESCALATION_TARGETS,
  ESCALATION_TARGETS_MOVING_DIRECTION,
  type EscalationOutcome,
  type EscalationReason,
  type EscalationTarget,
  streamOf,
} from '@wijkteam/contracts';

/**
 * Escalations of a case file (seeds 000/002, DOMAIN.md "Safety"): to Veilig Thuis, the certified
 * institution (JBP / GI), GOSA, the Crisis Interventie Team or the Raad voor de Kinderbescherming.
 * Four eyes (seed 002: a safety decision is never taken alone): one professional proposes it, a
 * second one confirms it while logged in, and only then is it raised. It is resolved once. An
 * accepted escalation to the GI or GOSA moves case direction there (case planning reacts).
 */
export { ESCALATION_OUTCOMES, ESCALATION_REASONS_BY_TARGET, ESCALATION_TARGETS };
export type { EscalationOutcome, EscalationReason, EscalationTarget };

/** The logged-in professional, from the token: never from a request body. */
export interface Professional {
  userId: string;
  role: string;
}

/** Targets where the receiving organisation must be named (the GI or GOSA that takes direction). */
const NEEDS_RECEIVING_PARTY: readonly EscalationTarget[] = ['certified_institution', 'gosa'];

export type EscalationCommand =
  | {
      type: 'RaiseEscalation';
      data: {
        caseFileId: string;
        clientId: string;
        /** The team holding the file and the family's children: for the team's worklist. */
        teamId: string | null;
        childIds: string[];
        escalationId: string;
        target: EscalationTarget;
        reason: EscalationReason;
        receivingParty: string | null;
        raisedBy: Professional;
        raisedAt: string;
      };
    }
  | { type: 'ConfirmEscalation'; data: { escalationId: string; confirmedBy: Professional; confirmedAt: string } }
  | { type: 'ResolveEscalation'; data: { escalationId: string; outcome: EscalationOutcome; resolvedBy: Professional; resolvedAt: string } };

type Proposal = Extract<EscalationCommand, { type: 'RaiseEscalation' }>['data'];
type Raised = {
  caseFileId: string;
  clientId: string;
  escalationId: string;
  target: EscalationTarget;
  reason: EscalationReason;
  receivingParty: string | null;
  movesCaseDirection: boolean;
  raisedBy: string;
  raisedByRole: string;
  secondProfessionalId: string;
  secondProfessionalRole: string;
  raisedAt: string;
};

export type EscalationEvent =
  /** Proposed by one professional, awaiting the second (private: not yet a decision). */
  | DomainEvent<'EscalationProposed', Omit<Proposal, 'raisedBy'> & { raisedBy: string; raisedByRole: string }>
  | DomainEvent<'EscalationProposalWithdrawn', { caseFileId: string; escalationId: string; withdrawnBy: string; withdrawnAt: string }>
  | DomainEvent<'EscalationRaised', Raised>
  | DomainEvent<'EscalationResolved', Omit<Raised, 'raisedBy' | 'raisedByRole' | 'secondProfessionalId' | 'secondProfessionalRole' | 'raisedAt'> & { outcome: EscalationOutcome; resolvedBy: string; resolvedByRole: string; resolvedAt: string }>;

export interface Escalation {
  escalationId: string;
  target: EscalationTarget;
  reason: EscalationReason;
  receivingParty: string | null;
  movesCaseDirection: boolean;
  /** proposed: awaiting the second professional; raised: awaiting the receiving party's answer. */
  status: 'proposed' | 'raised' | 'resolved' | 'withdrawn';
  raisedBy: string;
  raisedByRole: string;
  proposedAt: string;
  secondProfessionalId: string | null;
  secondProfessionalRole: string | null;
  raisedAt: string | null;
  outcome: EscalationOutcome | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface EscalationState {
  caseFileId?: string;
  clientId?: string;
  /** Every escalation of the file, oldest first. */
  escalations: Escalation[];
}

const unprocessable = (code: string, field: string) => new DomainError(code, 'unprocessable', field);
const isOpen = (escalation: Escalation) => escalation.status === 'proposed' || escalation.status === 'raised';

function find(state: EscalationState, escalationId: string): Escalation {
  const escalation = state.escalations.find((each) => each.escalationId === escalationId);
  if (!escalation) throw new DomainError('escalation_not_found', 'not_found', 'escalationId');
  return escalation;
}

function decideRaise(state: EscalationState, data: Proposal): EscalationEvent[] {
  const { target, reason, receivingParty, raisedBy, ...rest } = data;
  if (!(ESCALATION_TARGETS as readonly string[]).includes(target)) throw unprocessable('unknown_escalation_target', 'target');
  if (!ESCALATION_REASONS_BY_TARGET[target].includes(reason)) throw unprocessable(`reason_not_for_${target}`, 'reason');
  if (NEEDS_RECEIVING_PARTY.includes(target) && !receivingParty) throw unprocessable('receiving_party_required', 'receivingParty');
  if (state.escalations.some((each) => each.escalationId === data.escalationId)) throw new DomainError('escalation_already_raised');
  // One open escalation per target: a second one to the same party would only duplicate the first.
  if (state.escalations.some((each) => each.target === target && isOpen(each))) throw new DomainError('escalation_open_for_target');
  return [{ type: 'EscalationProposed', data: { ...rest, target, reason, receivingParty, raisedBy: raisedBy.userId, raisedByRole: raisedBy.role } }];
}

function decideConfirm(state: EscalationState, data: Extract<EscalationCommand, { type: 'ConfirmEscalation' }>['data']): EscalationEvent[] {
  const escalation = find(state, data.escalationId);
  if (escalation.status !== 'proposed') throw new DomainError('escalation_already_confirmed');
  // seed 002: never alone; the second professional is someone else, recording it themselves.
  if (data.confirmedBy.userId === escalation.raisedBy) throw new DomainError('four_eyes_required', 'forbidden');
  const { escalationId, target, reason, receivingParty, movesCaseDirection, raisedBy, raisedByRole } = escalation;
  return [
    {
      type: 'EscalationRaised',
      data: {
        caseFileId: state.caseFileId as string,
        clientId: state.clientId as string,
        escalationId,
        target,
        reason,
        receivingParty,
        movesCaseDirection,
        raisedBy,
        raisedByRole,
        secondProfessionalId: data.confirmedBy.userId,
        secondProfessionalRole: data.confirmedBy.role,
        raisedAt: data.confirmedAt,
      },
    },
  ];
}

function decideResolve(state: EscalationState, data: Extract<EscalationCommand, { type: 'ResolveEscalation' }>['data']): EscalationEvent[] {
  const escalation = find(state, data.escalationId);
  if (!(ESCALATION_OUTCOMES as readonly string[]).includes(data.outcome)) throw unprocessable('unknown_escalation_outcome', 'outcome');
  if (!isOpen(escalation)) throw new DomainError('escalation_already_resolved');
  const caseFileId = state.caseFileId as string;
  if (escalation.status === 'proposed') {
    // Never confirmed, so never raised: it can only be withdrawn, and nobody outside learns of it.
    if (data.outcome !== 'withdrawn') throw new DomainError('escalation_not_confirmed');
    return [{ type: 'EscalationProposalWithdrawn', data: { caseFileId, escalationId: escalation.escalationId, withdrawnBy: data.resolvedBy.userId, withdrawnAt: data.resolvedAt } }];
  }
  const { escalationId, target, reason, receivingParty, movesCaseDirection } = escalation;
  return [
    {
      type: 'EscalationResolved',
      data: {
        caseFileId,
        clientId: state.clientId as string,
        escalationId,
        target,
        reason,
        receivingParty,
        movesCaseDirection,
        outcome: data.outcome,
        resolvedBy: data.resolvedBy.userId,
        resolvedByRole: data.resolvedBy.role,
        resolvedAt: data.resolvedAt,
      },
    },
  ];
}

const update = (state: EscalationState, escalationId: string, change: Partial<Escalation>): EscalationState => ({
  ...state,
  escalations: state.escalations.map((each) => (each.escalationId === escalationId ? { ...each, ...change } : each)),
});

export const escalationDecider: Decider<EscalationCommand, EscalationEvent, EscalationState> = {
  initialState: () => ({ escalations: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'RaiseEscalation':
        return decideRaise(state, command.data);
      case 'ConfirmEscalation':
        return decideConfirm(state, command.data);
      case 'ResolveEscalation':
        return decideResolve(state, command.data);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'EscalationProposed': {
        const { caseFileId, clientId, escalationId, target, reason, receivingParty, raisedBy, raisedByRole, raisedAt } = event.data;
        const escalation: Escalation = {
          escalationId,
          target,
          reason,
          receivingParty,
          movesCaseDirection: ESCALATION_TARGETS_MOVING_DIRECTION.includes(target),
          status: 'proposed',
          raisedBy,
          raisedByRole,
          proposedAt: raisedAt,
          secondProfessionalId: null,
          secondProfessionalRole: null,
          raisedAt: null,
          outcome: null,
          resolvedBy: null,
          resolvedAt: null,
        };
        return { ...state, caseFileId, clientId, escalations: [...state.escalations, escalation] };
      }
      case 'EscalationRaised':
        return update(state, event.data.escalationId, {
          status: 'raised',
          secondProfessionalId: event.data.secondProfessionalId,
          secondProfessionalRole: event.data.secondProfessionalRole,
          raisedAt: event.data.raisedAt,
        });
      case 'EscalationProposalWithdrawn':
        return update(state, event.data.escalationId, { status: 'withdrawn', outcome: 'withdrawn', resolvedBy: event.data.withdrawnBy, resolvedAt: event.data.withdrawnAt });
      case 'EscalationResolved':
        return update(state, event.data.escalationId, { status: 'resolved', outcome: event.data.outcome, resolvedBy: event.data.resolvedBy, resolvedAt: event.data.resolvedAt });
    }
  },
};

/** `safety.escalation-<caseFileId>`: every escalation of one case file. */
export const escalationStream = streamOf('safety', 'escalation');
