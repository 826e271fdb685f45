import { deciderSpec } from '@wijkteam/testing';
import { type RiskSignalCommand, type RiskSignalEvent, riskSignalDecider } from './risk-signal';

const spec = deciderSpec(riskSignalDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const child = '0193a5b2-7c1e-7000-8000-00000000c001';
const sibling = '0193a5b2-7c1e-7000-8000-00000000c002';
const signalId = '0193a5b2-7c1e-7000-8000-00000000a001';
const at = '2026-11-23T09:00:00.000Z';

type Issue = Extract<RiskSignalCommand, { type: 'IssueRiskSignal' }>['data'];
const issue = (overrides: Partial<Issue> = {}): RiskSignalCommand => ({
  type: 'IssueRiskSignal',
  data: { caseFileId, childIds: [child, sibling], clientId: child, signalId, organisation: 'wijkteam-noord', parentsInformed: true, parentsNotInformedReason: null, issuedBy: 'coach-noord-1', issuedAt: at, ...overrides },
});
const issued = (overrides: Partial<Issue> = {}): RiskSignalEvent => {
  const { childIds: _children, ...data } = (issue(overrides) as Extract<RiskSignalCommand, { type: 'IssueRiskSignal' }>).data;
  return { type: 'RiskSignalIssued', data };
};
const withdraw = (reason = 'concerns_resolved' as const): RiskSignalCommand => ({ type: 'WithdrawRiskSignal', data: { signalId, reason, withdrawnBy: 'coach-noord-1', withdrawnAt: at } });
const withdrawn: RiskSignalEvent = {
  type: 'RiskSignalWithdrawn',
  data: { caseFileId, clientId: child, signalId, organisation: 'wijkteam-noord', reason: 'concerns_resolved', withdrawnBy: 'coach-noord-1', withdrawnAt: at },
};

describe('risk signal decider (Verwijsindex / SISA)', () => {
  it('issues a signal for a child of the file, the parents informed', () => {
    spec.given([]).when(issue()).then([issued()]);
    spec.given([]).when(issue({ clientId: '0193a5b2-7c1e-7000-8000-00000000c009' })).thenRejects('not_a_child_of_the_case_file', 'clientId');
  });

  it('parents not informed: only with a reason why not', () => {
    spec.given([]).when(issue({ parentsInformed: false })).thenRejects('parents_not_informed_reason_required', 'parentsNotInformedReason');
    spec.given([]).when(issue({ parentsInformed: true, parentsNotInformedReason: 'parents_unreachable' })).thenRejects('no_reason_when_parents_informed', 'parentsNotInformedReason');
    const unsafe = { parentsInformed: false, parentsNotInformedReason: 'child_safety_at_risk' } as const;
    spec.given([]).when(issue(unsafe)).then([issued(unsafe)]);
  });

  it('one active signal per child; a sibling has their own', () => {
    const other = '0193a5b2-7c1e-7000-8000-00000000a002';
    spec.given([issued()]).when(issue({ signalId: other })).thenRejects('risk_signal_already_active');
    spec.given([issued()]).when(issue({ signalId: other, clientId: sibling })).then([issued({ signalId: other, clientId: sibling })]);
    spec.given([issued(), withdrawn]).when(issue({ signalId: other })).then([issued({ signalId: other })]);
  });

  it('withdraws a signal once, with a reason', () => {
    spec.given([issued()]).when(withdraw()).then([withdrawn]);
    spec.given([issued(), withdrawn]).when(withdraw()).thenRejects('risk_signal_already_withdrawn');
    spec.given([]).when(withdraw()).thenRejects('risk_signal_not_found', 'signalId');
    spec.given([issued()]).when(withdraw('because' as never)).thenRejects('unknown_withdrawal_reason', 'reason');
  });
});
