import { deciderSpec } from '@wijkteam/testing';
import { type ConsentDecision, type TransitionEvent, transitionDecider } from './transition';

const spec = deciderSpec(transitionDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const youth = { caseFileId, clientId };
const at = '2027-03-01T09:00:00.000Z';
const later = '2027-03-20T09:00:00.000Z';
const colleague = 'volwassenenteam-1';
const permit: ConsentDecision = { outcome: 'permit', decisionId: '0193a5b2-7c1e-7000-8000-0000000000d1', consentId: '0193a5b2-7c1e-7000-8000-0000000000c1' };
const deny = (denialReason = 'no_consent'): ConsentDecision => ({ outcome: 'deny', decisionId: '0193a5b2-7c1e-7000-8000-0000000000d2', denialReason });

const ask = (overrides: Record<string, unknown> = {}) => ({
  type: 'RecordTransitionQuestion' as const,
  data: { ...youth, helpMustContinue: true, continuation: 'handover_to_adult_team' as const, askedOn: '2027-03-01', eighteenOn: '2027-06-15', recordedBy: 'coach-noord-1', recordedAt: at, ...overrides },
});
const asked = (continuation = 'handover_to_adult_team', beforeEighteenthBirthday: boolean | null = true): TransitionEvent => ({
  type: 'TransitionQuestionRecorded',
  data: { ...youth, helpMustContinue: continuation !== 'help_ends', continuation: continuation as never, askedOn: '2027-03-01', beforeEighteenthBirthday, recordedBy: 'coach-noord-1', recordedAt: at },
});
const propose = (decision: ConsentDecision = permit) => ({
  type: 'ProposeWarmHandover' as const,
  data: { ...youth, adultTeamColleagueId: colleague, dataCategories: ['help_request', 'care_history'], decision, proposedBy: 'coach-noord-1', proposedAt: at },
});
const proposed: TransitionEvent = {
  type: 'WarmHandoverProposed',
  data: { ...youth, adultTeamColleagueId: colleague, dataCategories: ['help_request', 'care_history'], decisionId: permit.decisionId, consentId: permit.outcome === 'permit' ? permit.consentId : null, proposedBy: 'coach-noord-1', proposedAt: at },
};
const converse = (overrides: Record<string, unknown> = {}) => ({
  type: 'RecordJointConversation' as const,
  data: { ...youth, heldOn: '2027-03-10', youthCoachId: 'coach-noord-1', adultTeamColleagueId: colleague, recordedAt: later, ...overrides },
});
const conversationHeld: TransitionEvent = { type: 'WarmHandoverConversationHeld', data: converse().data };
const complete = (decision: ConsentDecision = permit) => ({ type: 'CompleteWarmHandover' as const, data: { ...youth, decision, completedBy: 'coach-noord-1', completedAt: later } });

describe('transition decider (18-/18+, seed 004)', () => {
  describe('the transition question', () => {
    it('asked before the 18th birthday: recorded as in time, without the birthday itself', () => {
      spec.given([]).when(ask()).then([asked()]);
    });

    it('asked on or after the 18th birthday: recorded as late', () => {
      spec.given([]).when(ask({ eighteenOn: '2027-03-01' })).then([asked('handover_to_adult_team', false)]);
    });

    it('intake holds no birth date (erased): in time unknown', () => {
      spec.given([]).when(ask({ eighteenOn: null })).then([asked('handover_to_adult_team', null)]);
    });

    it('18-23 may stay with the Jeugdteam', () => {
      spec.given([]).when(ask({ continuation: 'stays_with_jeugdteam' })).then([asked('stays_with_jeugdteam')]);
    });

    it('refuses a continuation that contradicts whether help must continue, naming the field', () => {
      spec.given([]).when(ask({ helpMustContinue: false })).thenRejects('continuation_contradicts_help_must_continue', 'continuation');
      spec.given([]).when(ask({ continuation: 'help_ends' })).thenRejects('continuation_contradicts_help_must_continue', 'continuation');
      spec.given([]).when(ask({ continuation: 'whatever' })).thenRejects('unknown_continuation', 'continuation');
    });

    it('refuses a day that is not a day, or in the future', () => {
      spec.given([]).when(ask({ askedOn: '2027-02-30' })).thenRejects('invalid_date', 'askedOn');
      spec.given([]).when(ask({ askedOn: '2027-03-02' })).thenRejects('date_in_future', 'askedOn');
    });

    it('cannot turn away from the adult team while a handover is under way', () => {
      spec.given([asked(), proposed]).when(ask({ continuation: 'stays_with_jeugdteam' })).thenRejects('warm_handover_under_way');
    });
  });

  describe("other providers' status (asked actively)", () => {
    const record = (providers: { party: string; status: string }[], none: boolean) => ({
      type: 'RecordOtherProvidersStatus' as const,
      data: { ...youth, providers: providers as never, none, recordedBy: 'coach-noord-1', recordedAt: at },
    });

    it('records each provider with what becomes of its help at 18', () => {
      const command = record([{ party: 'ggz-aanbieder', status: 'ends_at_18' }], false);
      spec.given([]).when(command).then([{ type: 'OtherProvidersStatusRecorded', data: command.data }]);
    });

    it('records that there are none', () => {
      const command = record([], true);
      spec.given([]).when(command).then([{ type: 'OtherProvidersStatusRecorded', data: command.data }]);
    });

    it('refuses providers and none together, or neither, and a status outside the list', () => {
      spec.given([]).when(record([], false)).thenRejects('providers_or_none', 'providers');
      spec.given([]).when(record([{ party: 'jgz', status: 'unknown' }], true)).thenRejects('providers_or_none', 'providers');
      spec.given([]).when(record([{ party: 'jgz', status: 'maybe' }], false)).thenRejects('unknown_provider_status', 'providers.0.status');
      spec.given([]).when(record([{ party: 'jgz', status: 'unknown' }, { party: 'jgz', status: 'ends_at_18' }], false)).thenRejects('provider_named_twice', 'providers');
    });
  });

  describe('the warm handover', () => {
    it('is proposed with consent: the decision and the consent are recorded', () => {
      spec.given([asked()]).when(propose()).then([proposed]);
    });

    it('without consent, the refusal is the event', () => {
      spec
        .given([asked()])
        .when(propose(deny()))
        .then([{ type: 'WarmHandoverRefused', data: { ...youth, stage: 'proposal', denialReason: 'no_consent', decisionId: deny().decisionId, refusedAt: at } }]);
    });

    it('can be proposed again after a refusal', () => {
      const refused: TransitionEvent = { type: 'WarmHandoverRefused', data: { ...youth, stage: 'proposal', denialReason: 'no_consent', decisionId: deny().decisionId, refusedAt: at } };
      spec.given([asked(), refused]).when(propose()).then([proposed]);
    });

    it('needs the question recorded, with the handover to the adult team as continuation', () => {
      spec.given([]).when(propose()).thenRejects('transition_question_required', 'continuation');
      spec.given([asked('stays_with_jeugdteam')]).when(propose()).thenRejects('continuation_not_handover_to_adult_team', 'continuation');
    });

    it('is not proposed twice', () => {
      spec.given([asked(), proposed]).when(propose()).thenRejects('warm_handover_already_proposed');
    });

    it('records the joint conversation with the proposed colleague', () => {
      spec.given([asked(), proposed]).when(converse()).then([conversationHeld]);
    });

    it('refuses a conversation before a proposal, with another colleague, or dated before the proposal', () => {
      spec.given([asked()]).when(converse()).thenRejects('warm_handover_not_proposed');
      spec.given([asked(), proposed]).when(converse({ adultTeamColleagueId: 'volwassenenteam-2' })).thenRejects('not_the_proposed_colleague', 'adultTeamColleagueId');
      spec.given([asked(), proposed]).when(converse({ heldOn: '2027-02-28' })).thenRejects('date_before_proposal', 'heldOn');
      spec.given([asked(), proposed, conversationHeld]).when(converse()).thenRejects('joint_conversation_already_recorded');
    });

    it('completes after the conversation, consent checked again: the categories it covers', () => {
      spec
        .given([asked(), proposed, conversationHeld])
        .when(complete())
        .then([
          {
            type: 'WarmHandoverCompleted',
            data: { ...youth, adultTeamColleagueId: colleague, dataCategories: ['help_request', 'care_history'], decisionId: permit.decisionId, consentId: proposed.data.consentId as string, completedBy: 'coach-noord-1', completedAt: later },
          },
        ]);
    });

    it('a consent withdrawn since the proposal: refused at completion', () => {
      spec
        .given([asked(), proposed, conversationHeld])
        .when(complete(deny('consent_withdrawn')))
        .then([{ type: 'WarmHandoverRefused', data: { ...youth, stage: 'completion', denialReason: 'consent_withdrawn', decisionId: deny().decisionId, refusedAt: later } }]);
    });

    it('does not complete without the joint conversation, nor twice', () => {
      spec.given([asked(), proposed]).when(complete()).thenRejects('joint_conversation_required');
      spec.given([asked()]).when(complete()).thenRejects('warm_handover_not_proposed');
      const completed: TransitionEvent = {
        type: 'WarmHandoverCompleted',
        data: { ...youth, adultTeamColleagueId: colleague, dataCategories: ['help_request'], decisionId: permit.decisionId, consentId: null, completedBy: 'coach-noord-1', completedAt: later },
      };
      spec.given([asked(), proposed, conversationHeld, completed]).when(complete()).thenRejects('warm_handover_already_completed');
    });

    it('keeps the youths of one file apart', () => {
      const sibling = '0193a5b2-7c1e-7000-8000-00000000c002';
      spec.given([asked(), proposed]).when({ ...propose(), data: { ...propose().data, clientId: sibling } }).thenRejects('transition_question_required', 'continuation');
    });
  });
});
