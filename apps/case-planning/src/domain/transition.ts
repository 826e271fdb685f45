import {
  type Decider,
  type DomainEvent,
  DomainError,
  OTHER_PROVIDER_STATUSES,
  streamOf,
  TRANSITION_CONTINUATIONS,
  WARM_HANDOVER_STAGES,
  WARM_HANDOVER_STATUSES,
} from '@wijkteam/contracts';

/**
 * The 18-/18+ transition of the youths of one case file (seed 004), one record per youth (their own
 * client id). Before the 18th birthday the Jeugdteam asks whether help must continue, and how (18-23
 * may stay with the Jeugdteam); it asks the other providers actively what becomes of their help; a
 * handover to the adult team is warm (a joint conversation of the youth coach and the adult-team
 * colleague, so the client tells the story once) and needs consent, asked at the proposal and again
 * at completion. The birth date never enters this stream: intake's 18th birthday arrives with the
 * command and only "before it or not" is recorded.
 */
export { OTHER_PROVIDER_STATUSES, TRANSITION_CONTINUATIONS, WARM_HANDOVER_STAGES, WARM_HANDOVER_STATUSES };
export type Continuation = (typeof TRANSITION_CONTINUATIONS)[number];
export type OtherProviderStatus = (typeof OTHER_PROVIDER_STATUSES)[number];
export type WarmHandoverStage = (typeof WARM_HANDOVER_STAGES)[number];
export type WarmHandoverStatus = (typeof WARM_HANDOVER_STATUSES)[number];
export type OtherProvider = { party: string; status: OtherProviderStatus };

/** The consent service's answer, as ConsentPermits gives it; asked by the handler at the moment of the act. */
export type ConsentDecision =
  | { outcome: 'permit'; decisionId: string; consentId: string | null }
  | { outcome: 'deny'; decisionId: string; denialReason: string };

type Youth = { caseFileId: string; clientId: string };

export type TransitionCommand =
  | {
      type: 'RecordTransitionQuestion';
      /** eighteenOn: the 18th birthday as intake answers it (YYYY-MM-DD), null when intake holds none; never stored. */
      data: Youth & { helpMustContinue: boolean; continuation: Continuation; askedOn: string; eighteenOn: string | null; recordedBy: string; recordedAt: string };
    }
  | { type: 'RecordOtherProvidersStatus'; data: Youth & { providers: OtherProvider[]; none: boolean; recordedBy: string; recordedAt: string } }
  | { type: 'ProposeWarmHandover'; data: Youth & { adultTeamColleagueId: string; dataCategories: string[]; decision: ConsentDecision; proposedBy: string; proposedAt: string } }
  | { type: 'RecordJointConversation'; data: Youth & { heldOn: string; youthCoachId: string; adultTeamColleagueId: string; recordedAt: string } }
  | { type: 'CompleteWarmHandover'; data: Youth & { decision: ConsentDecision; completedBy: string; completedAt: string } };

export type TransitionEvent =
  | DomainEvent<'TransitionQuestionRecorded', Youth & { helpMustContinue: boolean; continuation: Continuation; askedOn: string; beforeEighteenthBirthday: boolean | null; recordedBy: string; recordedAt: string }>
  | DomainEvent<'OtherProvidersStatusRecorded', Youth & { providers: OtherProvider[]; none: boolean; recordedBy: string; recordedAt: string }>
  | DomainEvent<'WarmHandoverProposed', Youth & { adultTeamColleagueId: string; dataCategories: string[]; decisionId: string; consentId: string | null; proposedBy: string; proposedAt: string }>
  | DomainEvent<'WarmHandoverRefused', Youth & { stage: WarmHandoverStage; denialReason: string; decisionId: string; refusedAt: string }>
  | DomainEvent<'WarmHandoverConversationHeld', Youth & { heldOn: string; youthCoachId: string; adultTeamColleagueId: string; recordedAt: string }>
  | DomainEvent<'WarmHandoverCompleted', Youth & { adultTeamColleagueId: string; dataCategories: string[]; decisionId: string; consentId: string | null; completedBy: string; completedAt: string }>;

export interface WarmHandover {
  status: WarmHandoverStatus;
  adultTeamColleagueId?: string;
  dataCategories?: string[];
  decisionId?: string;
  consentId?: string | null;
  proposedAt?: string;
  conversation?: { heldOn: string; youthCoachId: string };
  completedAt?: string;
  refusal?: { stage: WarmHandoverStage; denialReason: string; decisionId: string; refusedAt: string };
}

export interface YouthTransition {
  question?: { helpMustContinue: boolean; continuation: Continuation; askedOn: string; beforeEighteenthBirthday: boolean | null; recordedAt: string };
  otherProviders?: { providers: OtherProvider[]; none: boolean; recordedAt: string };
  handover: WarmHandover;
}

export interface TransitionState {
  caseFileId?: string;
  /** Per youth client id. */
  youths: Record<string, YouthTransition>;
}

const youthOf = (state: TransitionState, clientId: string): YouthTransition => state.youths[clientId] ?? { handover: { status: 'none' } };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string): boolean => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)) && new Date(`${value}T00:00:00.000Z`).toISOString().startsWith(value);

/** A date the user gave: a real calendar day, not after the day it is recorded, nor before `earliest` (a day). */
function assertDay(value: string, recordedAt: string, field: string, earliest?: string): void {
  if (!isDate(value)) throw new DomainError('invalid_date', 'unprocessable', field);
  if (value > recordedAt.slice(0, 10)) throw new DomainError('date_in_future', 'unprocessable', field);
  if (earliest !== undefined && value < earliest) throw new DomainError('date_before_proposal', 'unprocessable', field);
}

/** seed 004: a handover is proposed only when the team decided help continues with the adult team. */
export function assertMayProposeWarmHandover(state: TransitionState, clientId: string): void {
  const youth = youthOf(state, clientId);
  if (!youth.question) throw new DomainError('transition_question_required', 'unprocessable', 'continuation');
  if (youth.question.continuation !== 'handover_to_adult_team') throw new DomainError('continuation_not_handover_to_adult_team', 'unprocessable', 'continuation');
  const { status } = youth.handover;
  if (status === 'completed') throw new DomainError('warm_handover_already_completed');
  if (status === 'proposed' || status === 'conversation_held') throw new DomainError('warm_handover_already_proposed');
}

/** seed 004: the handover completes only after the joint conversation; returns what was proposed. */
export function assertMayCompleteWarmHandover(state: TransitionState, clientId: string): Required<Pick<WarmHandover, 'adultTeamColleagueId' | 'dataCategories'>> {
  const { handover } = youthOf(state, clientId);
  if (handover.status === 'completed') throw new DomainError('warm_handover_already_completed');
  if (handover.status === 'proposed') throw new DomainError('joint_conversation_required');
  if (handover.status !== 'conversation_held' || !handover.adultTeamColleagueId || !handover.dataCategories) throw new DomainError('warm_handover_not_proposed');
  return { adultTeamColleagueId: handover.adultTeamColleagueId, dataCategories: handover.dataCategories };
}

function question(data: Extract<TransitionCommand, { type: 'RecordTransitionQuestion' }>['data'], state: TransitionState): TransitionEvent[] {
  const { eighteenOn, ...facts } = data;
  if (!(TRANSITION_CONTINUATIONS as readonly string[]).includes(data.continuation)) throw new DomainError('unknown_continuation', 'unprocessable', 'continuation');
  // Help that ends has no continuation, and help that continues does not end.
  if ((data.continuation === 'help_ends') === data.helpMustContinue) throw new DomainError('continuation_contradicts_help_must_continue', 'unprocessable', 'continuation');
  assertDay(data.askedOn, data.recordedAt, 'askedOn');
  const { status } = youthOf(state, data.clientId).handover;
  if (data.continuation !== 'handover_to_adult_team' && (status === 'proposed' || status === 'conversation_held' || status === 'completed'))
    throw new DomainError('warm_handover_under_way');
  // seed 004: the question belongs before the 18th birthday; later it is recorded as late.
  const beforeEighteenthBirthday = eighteenOn === null ? null : data.askedOn < eighteenOn;
  return [{ type: 'TransitionQuestionRecorded', data: { ...facts, beforeEighteenthBirthday } }];
}

function otherProviders(data: Extract<TransitionCommand, { type: 'RecordOtherProvidersStatus' }>['data']): TransitionEvent[] {
  if (data.none === data.providers.length > 0) throw new DomainError('providers_or_none', 'unprocessable', 'providers');
  data.providers.forEach((provider, index) => {
    if (!(OTHER_PROVIDER_STATUSES as readonly string[]).includes(provider.status)) throw new DomainError('unknown_provider_status', 'unprocessable', `providers.${index}.status`);
  });
  if (new Set(data.providers.map((p) => p.party)).size !== data.providers.length) throw new DomainError('provider_named_twice', 'unprocessable', 'providers');
  return [{ type: 'OtherProvidersStatusRecorded', data }];
}

export const transitionDecider: Decider<TransitionCommand, TransitionEvent, TransitionState> = {
  initialState: () => ({ youths: {} }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordTransitionQuestion':
        return question(command.data, state);
      case 'RecordOtherProvidersStatus':
        return otherProviders(command.data);
      case 'ProposeWarmHandover': {
        const { decision, ...data } = command.data;
        assertMayProposeWarmHandover(state, data.clientId);
        if (data.dataCategories.length === 0) throw new DomainError('data_categories_required', 'unprocessable', 'dataCategories');
        // seed 004: "mits toestemming": without a permit the refusal itself is the fact to record.
        if (decision.outcome === 'deny')
          return [{ type: 'WarmHandoverRefused', data: { caseFileId: data.caseFileId, clientId: data.clientId, stage: 'proposal', denialReason: decision.denialReason, decisionId: decision.decisionId, refusedAt: data.proposedAt } }];
        return [{ type: 'WarmHandoverProposed', data: { ...data, decisionId: decision.decisionId, consentId: decision.consentId } }];
      }
      case 'RecordJointConversation': {
        const { handover } = youthOf(state, command.data.clientId);
        if (handover.status === 'conversation_held') throw new DomainError('joint_conversation_already_recorded');
        if (handover.status === 'completed') throw new DomainError('warm_handover_already_completed');
        if (handover.status !== 'proposed') throw new DomainError('warm_handover_not_proposed');
        if (command.data.adultTeamColleagueId !== handover.adultTeamColleagueId) throw new DomainError('not_the_proposed_colleague', 'unprocessable', 'adultTeamColleagueId');
        assertDay(command.data.heldOn, command.data.recordedAt, 'heldOn', handover.proposedAt?.slice(0, 10));
        return [{ type: 'WarmHandoverConversationHeld', data: command.data }];
      }
      case 'CompleteWarmHandover': {
        const { decision, ...data } = command.data;
        const proposal = assertMayCompleteWarmHandover(state, data.clientId);
        // Consent asked again: a withdrawal since the proposal stops the handover.
        if (decision.outcome === 'deny')
          return [{ type: 'WarmHandoverRefused', data: { caseFileId: data.caseFileId, clientId: data.clientId, stage: 'completion', denialReason: decision.denialReason, decisionId: decision.decisionId, refusedAt: data.completedAt } }];
        return [{ type: 'WarmHandoverCompleted', data: { caseFileId: data.caseFileId, clientId: data.clientId, ...proposal, decisionId: decision.decisionId, consentId: decision.consentId, completedBy: data.completedBy, completedAt: data.completedAt } }];
      }
    }
  },

  evolve(state, event) {
    const { caseFileId, clientId } = event.data;
    const youth = youthOf(state, clientId);
    return { ...state, caseFileId, youths: { ...state.youths, [clientId]: evolveYouth(youth, event) } };
  },
};

function evolveYouth(youth: YouthTransition, event: TransitionEvent): YouthTransition {
  switch (event.type) {
    case 'TransitionQuestionRecorded': {
      const { helpMustContinue, continuation, askedOn, beforeEighteenthBirthday, recordedAt } = event.data;
      return { ...youth, question: { helpMustContinue, continuation, askedOn, beforeEighteenthBirthday, recordedAt } };
    }
    case 'OtherProvidersStatusRecorded':
      return { ...youth, otherProviders: { providers: event.data.providers, none: event.data.none, recordedAt: event.data.recordedAt } };
    case 'WarmHandoverProposed': {
      const { adultTeamColleagueId, dataCategories, decisionId, consentId, proposedAt } = event.data;
      return { ...youth, handover: { status: 'proposed', adultTeamColleagueId, dataCategories, decisionId, consentId, proposedAt } };
    }
    case 'WarmHandoverRefused': {
      // Refused: a new proposal (and conversation) on a consent that holds is the way on.
      const { stage, denialReason, decisionId, refusedAt } = event.data;
      return { ...youth, handover: { status: 'refused', refusal: { stage, denialReason, decisionId, refusedAt } } };
    }
    case 'WarmHandoverConversationHeld':
      return { ...youth, handover: { ...youth.handover, status: 'conversation_held', conversation: { heldOn: event.data.heldOn, youthCoachId: event.data.youthCoachId } } };
    case 'WarmHandoverCompleted':
      return { ...youth, handover: { ...youth.handover, status: 'completed', decisionId: event.data.decisionId, consentId: event.data.consentId, dataCategories: event.data.dataCategories, completedAt: event.data.completedAt } };
  }
}

/** `casePlanning.transition-<caseFileId>` */
export const transitionStream = streamOf('case-planning', 'transition');
