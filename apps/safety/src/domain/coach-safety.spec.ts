import { deciderSpec } from '@wijkteam/testing';
import { type CoachSafetyCommand, type CoachSafetyEvent, coachSafetyDecider } from './coach-safety';

const spec = deciderSpec(coachSafetyDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientIds = ['0193a5b2-7c1e-7000-8000-00000000c001', '0193a5b2-7c1e-7000-8000-00000000c002'];
const at = '2026-11-23T09:00:00.000Z';

type Flag = Extract<CoachSafetyCommand, { type: 'FlagCoachSafety' }>['data'];
const flag = (overrides: Partial<Flag> = {}): CoachSafetyCommand => ({
  type: 'FlagCoachSafety',
  data: { caseFileId, clientIds, reason: 'threats_to_professionals', reviewOn: '2027-02-23', flaggedBy: 'coach-noord-1', flaggedAt: at, ...overrides },
});
const flagged = (overrides: Partial<Flag> = {}): CoachSafetyEvent => ({ type: 'CoachSafetyFlagged', data: (flag(overrides) as Extract<CoachSafetyCommand, { type: 'FlagCoachSafety' }>).data });
const lift: CoachSafetyCommand = { type: 'LiftCoachSafetyFlag', data: { liftedBy: 'coach-noord-2', liftedAt: at } };

describe('coach-safety decider', () => {
  it('flags the family with a reason code and a review date', () => {
    spec.given([]).when(flag()).then([flagged()]);
    spec.given([]).when(flag({ reason: 'angry' as never })).thenRejects('unknown_coach_safety_reason', 'reason');
  });

  it('the review date falls after the flag, within a year', () => {
    spec.given([]).when(flag({ reviewOn: '2026-11-23' })).thenRejects('review_date_out_of_range', 'reviewOn');
    spec.given([]).when(flag({ reviewOn: '2028-01-01' })).thenRejects('review_date_out_of_range', 'reviewOn');
    spec.given([]).when(flag({ reviewOn: 'soon' })).thenRejects('invalid_date', 'reviewOn');
  });

  it('a review flags it anew with a new date or reason; the same flag twice is refused', () => {
    spec.given([flagged()]).when(flag({ reviewOn: '2027-05-23' })).then([flagged({ reviewOn: '2027-05-23' })]);
    spec.given([flagged()]).when(flag()).thenRejects('coach_safety_flag_unchanged');
  });

  it('is lifted, once, for the whole family', () => {
    spec.given([flagged()]).when(lift).then([{ type: 'CoachSafetyFlagLifted', data: { caseFileId, clientIds, liftedBy: 'coach-noord-2', liftedAt: at } }]);
    spec.given([flagged(), { type: 'CoachSafetyFlagLifted', data: { caseFileId, clientIds, liftedBy: 'coach-noord-2', liftedAt: at } }]).when(lift).thenRejects('no_coach_safety_flag');
    spec.given([]).when(lift).thenRejects('no_coach_safety_flag');
  });
});
