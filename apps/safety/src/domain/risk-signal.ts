import {
  type Decider,
  type DomainEvent,
  DomainError,
  PARENTS_NOT_INFORMED_REASONS,
  type ParentsNotInformedReason,
  RISK_SIGNAL_WITHDRAWAL_REASONS,
  type RiskSignalWithdrawalReason,
  streamOf,
} from '@wijkteam/contracts';

/**
 * Risk signals in the Verwijsindex (SISA) for the children of a case file. Seed 000: "SISA signaal
 * afgeven en bespreken met cliënt"; seed 002: "Wijkteams registreren kinderen in risicosituaties in
 * de Verwijsindex", so other professionals learn that the team is involved. Content-free: a signal
 * says only "this organisation is involved with this child". One active signal per child.
 */
export { PARENTS_NOT_INFORMED_REASONS, RISK_SIGNAL_WITHDRAWAL_REASONS };
export type { ParentsNotInformedReason, RiskSignalWithdrawalReason };

export type RiskSignalCommand =
  | {
      type: 'IssueRiskSignal';
      data: {
        caseFileId: string;
        /** The family's children (from the case file): a signal is about a child. */
        childIds: string[];
        clientId: string;
        signalId: string;
        organisation: string;
        parentsInformed: boolean;
        parentsNotInformedReason: ParentsNotInformedReason | null;
        issuedBy: string;
        issuedAt: string;
      };
    }
  | { type: 'WithdrawRiskSignal'; data: { signalId: string; reason: RiskSignalWithdrawalReason; withdrawnBy: string; withdrawnAt: string } };

type Issue = Omit<Extract<RiskSignalCommand, { type: 'IssueRiskSignal' }>['data'], 'childIds'>;

export type RiskSignalEvent =
  | DomainEvent<'RiskSignalIssued', Issue>
  | DomainEvent<'RiskSignalWithdrawn', { caseFileId: string; clientId: string; signalId: string; organisation: string; reason: RiskSignalWithdrawalReason; withdrawnBy: string; withdrawnAt: string }>;

export interface RiskSignal extends Omit<Issue, 'caseFileId'> {
  active: boolean;
  withdrawalReason: RiskSignalWithdrawalReason | null;
  withdrawnAt: string | null;
}

export interface RiskSignalState {
  caseFileId?: string;
  /** The first child signalled: the access log's client of a read. */
  clientId?: string;
  signals: RiskSignal[];
}

const unprocessable = (code: string, field: string) => new DomainError(code, 'unprocessable', field);

export const riskSignalDecider: Decider<RiskSignalCommand, RiskSignalEvent, RiskSignalState> = {
  initialState: () => ({ signals: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'IssueRiskSignal': {
        const { childIds, ...data } = command.data;
        if (!childIds.includes(data.clientId)) throw unprocessable('not_a_child_of_the_case_file', 'clientId');
        // The parents are informed (seed 000: discussed with the client); if not, the reason why not.
        if (data.parentsInformed && data.parentsNotInformedReason !== null) throw unprocessable('no_reason_when_parents_informed', 'parentsNotInformedReason');
        if (!data.parentsInformed && !(PARENTS_NOT_INFORMED_REASONS as readonly string[]).includes(data.parentsNotInformedReason ?? ''))
          throw unprocessable('parents_not_informed_reason_required', 'parentsNotInformedReason');
        if (state.signals.some((signal) => signal.signalId === data.signalId)) throw new DomainError('risk_signal_already_issued');
        if (state.signals.some((signal) => signal.active && signal.clientId === data.clientId)) throw new DomainError('risk_signal_already_active');
        return [{ type: 'RiskSignalIssued', data }];
      }
      case 'WithdrawRiskSignal': {
        const signal = state.signals.find((each) => each.signalId === command.data.signalId);
        if (!signal) throw new DomainError('risk_signal_not_found', 'not_found', 'signalId');
        if (!signal.active) throw new DomainError('risk_signal_already_withdrawn');
        if (!(RISK_SIGNAL_WITHDRAWAL_REASONS as readonly string[]).includes(command.data.reason)) throw unprocessable('unknown_withdrawal_reason', 'reason');
        const { reason, withdrawnBy, withdrawnAt } = command.data;
        const { clientId, signalId, organisation } = signal;
        return [{ type: 'RiskSignalWithdrawn', data: { caseFileId: state.caseFileId as string, clientId, signalId, organisation, reason, withdrawnBy, withdrawnAt } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RiskSignalIssued': {
        const { caseFileId, ...signal } = event.data;
        return { ...state, caseFileId, clientId: state.clientId ?? signal.clientId, signals: [...state.signals, { ...signal, active: true, withdrawalReason: null, withdrawnAt: null }] };
      }
      case 'RiskSignalWithdrawn':
        return {
          ...state,
          signals: state.signals.map((signal) =>
            signal.signalId === event.data.signalId ? { ...signal, active: false, withdrawalReason: event.data.reason, withdrawnAt: event.data.withdrawnAt } : signal,
          ),
        };
    }
  },
};

/** `safety.riskSignal-<caseFileId>`: the Verwijsindex signals of one case file's children. */
export const riskSignalStream = streamOf('safety', 'riskSignal');
