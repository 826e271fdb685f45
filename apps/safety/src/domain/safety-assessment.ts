import { type Decider, type DomainEvent, DomainError, streamOf } from '@wijkteam/contracts';

/**
 * Safety per case file. Seeds 000/002: an ETM score (1-5) per assessment; safety decisions are never
 * taken alone (four eyes); ETM 5 requires a safety plan and the Crisis Interventie Team is considered.
 * The ETM level texts are not public: only the number is recorded here.
 */
export type SafetyCommand = {
  type: 'RecordEtmAssessment';
  data: { caseFileId: string; clientId: string; assessmentId: string; score: number; assessorId: string; secondAssessorId: string; assessedAt: string };
};

export type SafetyEvent =
  | DomainEvent<'EtmAssessed', SafetyCommand['data']>
  | DomainEvent<'SafetyPlanRequired', { caseFileId: string; assessmentId: string; considerCrisisInterventionTeam: true; requiredAt: string }>;

export interface SafetyState {
  caseFileId?: string;
  clientId?: string;
  latestScore?: number;
  assessments: number;
  safetyPlanRequired: boolean;
}

export const safetyDecider: Decider<SafetyCommand, SafetyEvent, SafetyState> = {
  initialState: () => ({ assessments: 0, safetyPlanRequired: false }),

  decide(command, state) {
    const { score, assessorId, secondAssessorId } = command.data;
    if (state.clientId && state.clientId !== command.data.clientId) throw new DomainError('client_mismatch', 'unprocessable', 'clientId');
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('etm_out_of_range', 'unprocessable', 'score');
    // seed 002: safety decisions are never taken alone
    if (assessorId === secondAssessorId) throw new DomainError('four_eyes_required', 'unprocessable', 'secondAssessorId');
    const events: SafetyEvent[] = [{ type: 'EtmAssessed', data: command.data }];
    // seed 000: ETM 5 => safety plan required, consider CIT (once, until a plan is recorded)
    if (score === 5 && !state.safetyPlanRequired)
      events.push({
        type: 'SafetyPlanRequired',
        data: { caseFileId: command.data.caseFileId, assessmentId: command.data.assessmentId, considerCrisisInterventionTeam: true, requiredAt: command.data.assessedAt },
      });
    return events;
  },

  evolve(state, event) {
    switch (event.type) {
      case 'EtmAssessed':
        return { ...state, caseFileId: event.data.caseFileId, clientId: event.data.clientId, latestScore: event.data.score, assessments: state.assessments + 1 };
      case 'SafetyPlanRequired':
        return { ...state, safetyPlanRequired: true };
    }
  },
};

/** `safety.assessment-<caseFileId>`: the safety assessments of one case file. */
export const safetyStream = streamOf('safety', 'assessment');
