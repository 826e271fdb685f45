import { deciderSpec } from '@wijkteam/testing';
import { type DestructionRequestEvent, destructionRequestDecider } from './destruction-request';

const spec = deciderSpec(destructionRequestDecider);
const requestId = '0193a5b2-7c1e-7000-8000-0000000d0001';
const subjectId = '0193a5b2-7c1e-7000-8000-00000000c001';
const receivedAt = '2026-11-30T09:00:00.000Z';
const received: DestructionRequestEvent = {
  type: 'DestructionRequestReceived',
  data: { requestId, subjectId, requester: 'youth', receivedAt, decideBy: '2027-02-28T09:00:00.000Z' },
};
const receive = (requester: 'youth' | 'parent_or_guardian', youthAge: number) =>
  ({ type: 'ReceiveDestructionRequest', data: { requestId, subjectId, requester, youthAge, receivedAt } }) as const;

describe('destruction request decider', () => {
  it('records a request from a youth of 12 with its deadline 3 months after receipt (clamped to the month end)', () => {
    spec.given([]).when(receive('youth', 12)).then([received]);
  });

  it('refuses a request from a youth under 12', () => {
    spec.given([]).when(receive('youth', 11)).thenRejects('requester_not_entitled', 'requester');
  });

  it('accepts a request from the parents of a young child', () => {
    spec.given([]).when(receive('parent_or_guardian', 8)).then([{ ...received, data: { ...received.data, requester: 'parent_or_guardian' } }]);
  });

  it('refuses to record the same request twice', () => {
    spec.given([received]).when(receive('youth', 14)).thenRejects('destruction_request_already_received');
  });

  it('grants within the term', () => {
    spec
      .given([received])
      .when({ type: 'GrantDestructionRequest', data: { decidedAt: '2027-01-15T10:00:00.000Z' } })
      .then([{ type: 'DestructionRequestGranted', data: { requestId, subjectId, decidedAt: '2027-01-15T10:00:00.000Z', withinTerm: true } }]);
  });

  it('records a late decision as outside the term', () => {
    spec
      .given([received])
      .when({ type: 'GrantDestructionRequest', data: { decidedAt: '2027-03-01T10:00:00.000Z' } })
      .then([{ type: 'DestructionRequestGranted', data: { requestId, subjectId, decidedAt: '2027-03-01T10:00:00.000Z', withinTerm: false } }]);
  });

  it('refuses with a reason from the fixed list', () => {
    spec
      .given([received])
      .when({ type: 'RefuseDestructionRequest', data: { reason: 'significant_interest_of_another', decidedAt: '2027-01-15T10:00:00.000Z' } })
      .then([{ type: 'DestructionRequestRefused', data: { requestId, subjectId, reason: 'significant_interest_of_another', decidedAt: '2027-01-15T10:00:00.000Z', withinTerm: true } }]);
  });

  it('rejects a refusal reason outside the list', () => {
    spec
      .given([received])
      .when({ type: 'RefuseDestructionRequest', data: { reason: 'we would rather not' as never, decidedAt: '2027-01-15T10:00:00.000Z' } })
      .thenRejects('unknown_refusal_reason', 'reason');
  });

  it('decides only once, and only a received request', () => {
    const granted: DestructionRequestEvent = { type: 'DestructionRequestGranted', data: { requestId, subjectId, decidedAt: '2027-01-15T10:00:00.000Z', withinTerm: true } };
    spec.given([received, granted]).when({ type: 'RefuseDestructionRequest', data: { reason: 'statutory_retention_obligation', decidedAt: '2027-01-16T10:00:00.000Z' } }).thenRejects('destruction_request_already_decided');
    spec.given([]).when({ type: 'GrantDestructionRequest', data: { decidedAt: '2027-01-15T10:00:00.000Z' } }).thenRejects('destruction_request_not_found');
  });

  it('rejects a decision dated before the receipt', () => {
    spec.given([received]).when({ type: 'GrantDestructionRequest', data: { decidedAt: '2026-11-01T10:00:00.000Z' } }).thenRejects('decided_before_receipt', 'decidedAt');
  });
});
