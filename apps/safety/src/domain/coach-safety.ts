import { COACH_SAFETY_REASONS, type CoachSafetyReason, type Decider, type DomainEvent, DomainError, streamOf } from '@wijkteam/contracts';

/**
 * The coach-safety flag of a family (case file): visiting it is not safe for coaches (threats,
 * violence, weapons, an aggressive animal). DOMAIN.md "Safety": the flag blocks the routes that
 * require coach safety (intake's eligibility). It has a review date and is lifted or reviewed then;
 * a review is a new flag of the same file (a new reason or review date). The reason is a code only.
 */
export { COACH_SAFETY_REASONS };
export type { CoachSafetyReason };

/** A flag is reviewed within a year: a family is not marked unsafe for good. */
const MAX_REVIEW_DAYS = 366;

export type CoachSafetyCommand =
  | {
      type: 'FlagCoachSafety';
      /** clientIds: every member of the family (from the case file), so intake meets the flag on any of them. */
      data: { caseFileId: string; clientIds: string[]; reason: CoachSafetyReason; reviewOn: string; flaggedBy: string; flaggedAt: string };
    }
  | { type: 'LiftCoachSafetyFlag'; data: { liftedBy: string; liftedAt: string } };

type Flag = Extract<CoachSafetyCommand, { type: 'FlagCoachSafety' }>['data'];

export type CoachSafetyEvent =
  | DomainEvent<'CoachSafetyFlagged', Flag>
  | DomainEvent<'CoachSafetyFlagLifted', { caseFileId: string; clientIds: string[]; liftedBy: string; liftedAt: string }>;

export interface CoachSafetyState {
  caseFileId?: string;
  /** The family's first client: the access log's client of a read. */
  clientId?: string;
  clientIds: string[];
  flagged: boolean;
  reason: CoachSafetyReason | null;
  reviewOn: string | null;
  flaggedBy: string | null;
  flaggedAt: string | null;
}

const unprocessable = (code: string, field: string) => new DomainError(code, 'unprocessable', field);

function assertReviewOn(reviewOn: string, flaggedAt: string): void {
  const days = (Date.parse(`${reviewOn}T00:00:00.000Z`) - Date.parse(`${flaggedAt.slice(0, 10)}T00:00:00.000Z`)) / 86_400_000;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(reviewOn) || Number.isNaN(days)) throw unprocessable('invalid_date', 'reviewOn');
  if (days < 1 || days > MAX_REVIEW_DAYS) throw unprocessable('review_date_out_of_range', 'reviewOn');
}

export const coachSafetyDecider: Decider<CoachSafetyCommand, CoachSafetyEvent, CoachSafetyState> = {
  initialState: () => ({ clientIds: [], flagged: false, reason: null, reviewOn: null, flaggedBy: null, flaggedAt: null }),

  decide(command, state) {
    switch (command.type) {
      case 'FlagCoachSafety': {
        const { reason, reviewOn, flaggedAt } = command.data;
        if (!(COACH_SAFETY_REASONS as readonly string[]).includes(reason)) throw unprocessable('unknown_coach_safety_reason', 'reason');
        assertReviewOn(reviewOn, flaggedAt);
        if (state.flagged && state.reason === reason && state.reviewOn === reviewOn) throw new DomainError('coach_safety_flag_unchanged');
        return [{ type: 'CoachSafetyFlagged', data: command.data }];
      }
      case 'LiftCoachSafetyFlag':
        if (!state.flagged) throw new DomainError('no_coach_safety_flag');
        return [{ type: 'CoachSafetyFlagLifted', data: { caseFileId: state.caseFileId as string, clientIds: state.clientIds, ...command.data } }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CoachSafetyFlagged': {
        const { caseFileId, clientIds, reason, reviewOn, flaggedBy, flaggedAt } = event.data;
        return { ...state, caseFileId, clientId: state.clientId ?? clientIds[0], clientIds, flagged: true, reason, reviewOn, flaggedBy, flaggedAt };
      }
      case 'CoachSafetyFlagLifted':
        return { ...state, flagged: false, reason: null, reviewOn: null };
    }
  },
};

/** `safety.coachSafety-<caseFileId>`: the coach-safety flag of one family. */
export const coachSafetyStream = streamOf('safety', 'coachSafety');
