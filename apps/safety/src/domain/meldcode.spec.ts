import { fold } from '@wijkteam/contracts';
import { deciderSpec } from '@wijkteam/testing';
import { DEFAULT_AFWEGINGSKADER } from './afwegingskader';
import { type MeldcodeCommand, meldcodeDecider, type MeldcodeEvent } from './meldcode';

const decider = meldcodeDecider(DEFAULT_AFWEGINGSKADER);
const spec = deciderSpec(decider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const child = '0193a5b2-7c1e-7000-8000-00000000c001';
const parent = '0193a5b2-7c1e-7000-8000-00000000c002';
const trajectoryId = '0193a5b2-7c1e-7000-8000-0000000000a1';
const decisionId = '0193a5b2-7c1e-7000-8000-0000000000d1';
const at = '2026-05-04T10:00:00.000Z';
const later = '2026-05-05T09:00:00.000Z';
const coach = { userId: 'coach-noord-1', roles: ['coach'] };
const colleague = { userId: 'coach-noord-2', roles: ['coach'] };
const scientist = { userId: 'gedragswetenschapper-1', roles: ['behavioural-scientist'] };
const ids = { caseFileId, trajectoryId };
const byCoach = { completedBy: 'coach-noord-1', completedByRole: 'coach' as const, completedAt: at };
const recorded = { recordedBy: coach, recordedAt: at };
const yes = { suspicion_of_violence: true, acute_or_structural_unsafety: false, can_organise_help: true, family_accepts_help: true, help_leads_to_safety: true };

const start: MeldcodeCommand = { type: 'StartMeldcode', data: { caseFileId, clientId: child, teamId: 'wijkteam-noord', childIds: [child], trajectoryId, startedBy: coach, startedAt: at } };
const mapSignals = (signals = ['domestic_violence_witnessed', 'behaviour_change'], note: string | null = 'Kind vertelt over ruzie thuis'): MeldcodeCommand => ({ type: 'MapSignals', data: { ...recorded, signals, note } });
const consult = (data: Partial<Extract<MeldcodeCommand, { type: 'ConsultColleague' }>['data']> = {}): MeldcodeCommand => ({
  type: 'ConsultColleague',
  data: { ...recorded, consultedId: 'coach-noord-2', veiligThuisAdvice: true, veiligThuisAdviceOn: '2026-05-03', ...data },
});
const talk = (data: Partial<Extract<MeldcodeCommand, { type: 'RecordClientTalk' }>['data']> = {}): MeldcodeCommand => ({
  type: 'RecordClientTalk',
  data: { ...recorded, heldOn: '2026-05-04', withClientIds: [parent], notHeldReason: null, familyIds: [child, parent], ...data },
});
const weigh = (answers: Record<string, boolean> = yes): MeldcodeCommand => ({ type: 'Weigh', data: { ...recorded, answers } });
const propose = (outcome: 'report_to_veilig_thuis' | 'organise_help' | 'both' | 'no_further_action' = 'both'): MeldcodeCommand => ({ type: 'ProposeDecision', data: { ...recorded, decisionId, outcome } });
const confirm = (step: number, confirmedBy = colleague): MeldcodeCommand => ({ type: 'ConfirmStep', data: { step, confirmedBy, confirmedAt: later } });

const started: MeldcodeEvent = { type: 'MeldcodeTrajectoryStarted', data: { ...ids, clientId: child, teamId: 'wijkteam-noord', startedBy: 'coach-noord-1', startedByRole: 'coach', startedAt: at } };
const signalsMapped: MeldcodeEvent = { type: 'MeldcodeSignalsMapped', data: { ...ids, ...byCoach, clientId: child, signals: ['domestic_violence_witnessed', 'behaviour_change'], note: 'Kind vertelt over ruzie thuis' } };
const consulted: MeldcodeEvent = { type: 'MeldcodeColleagueConsulted', data: { ...ids, ...byCoach, consultedId: 'coach-noord-2', veiligThuisAdvice: true, veiligThuisAdviceOn: '2026-05-03' } };
const talked: MeldcodeEvent = { type: 'MeldcodeClientTalkRecorded', data: { ...ids, ...byCoach, heldOn: '2026-05-04', withClientIds: [parent], notHeldReason: null } };
const weighed: MeldcodeEvent = { type: 'MeldcodeWeighed', data: { ...ids, recordedBy: 'coach-noord-1', recordedByRole: 'coach', recordedAt: at, answers: yes, afwegingskaderVersion: 'afwegingskader-2019' } };
const confirmed = (step: 4 | 5, by = 'coach-noord-2', role: 'coach' | 'behavioural-scientist' = 'coach'): MeldcodeEvent => ({
  type: 'MeldcodeStepConfirmed',
  data: { ...ids, step, completedBy: 'coach-noord-1', completedByRole: 'coach', secondProfessionalId: by, secondProfessionalRole: role, completedAt: later },
});
const proposed = (outcome: 'both' | 'no_further_action' = 'both'): MeldcodeEvent => ({
  type: 'MeldcodeDecisionProposed',
  data: { ...ids, recordedBy: 'coach-noord-1', recordedByRole: 'coach', recordedAt: at, decisionId, outcome },
});
const decided: MeldcodeEvent = {
  type: 'MeldcodeDecisionTaken',
  data: { ...ids, clientId: child, decisionId, outcome: 'both', decidedBy: 'coach-noord-1', decidedByRole: 'coach', secondProfessionalId: 'coach-noord-2', secondProfessionalRole: 'coach', decidedAt: later },
};
const upToStep3 = [started, signalsMapped, consulted, talked];
const weighedAndConfirmed = [...upToStep3, weighed, confirmed(4)];
const all = [...weighedAndConfirmed, proposed(), confirmed(5), decided];

describe('Meldcode decider (seeds 000, 002: five steps in order, four eyes on 4 and 5)', () => {
  it('starts a trajectory for a child of the file, one at a time', () => {
    spec.given([]).when(start).then([started]);
    spec.given([]).when({ ...start, data: { ...start.data, clientId: parent } }).thenRejects('not_a_child_of_this_file', 'clientId');
    spec.given([started]).when(start).thenRejects('meldcode_trajectory_open', 'trajectory');
  });

  it('a new trajectory may start once the previous one ended with a decision', () => {
    const next = '0193a5b2-7c1e-7000-8000-0000000000a2';
    spec.given(all).when({ ...start, data: { ...start.data, trajectoryId: next } }).then([{ ...started, data: { ...started.data, trajectoryId: next } } as MeldcodeEvent]);
    expect(fold(decider, all)).toMatchObject({ decided: 1, current: { status: 'decided', nextStep: null, decision: { decisionId, outcome: 'both', decidedAt: later } } });
  });

  it('records the five steps in order, the note apart (it is sealed), steps 4 and 5 only once confirmed', () => {
    spec.given([started]).when(mapSignals()).then([signalsMapped]);
    spec.given([started, signalsMapped]).when(consult()).then([consulted]);
    spec.given([started, signalsMapped, consulted]).when(talk()).then([talked]);
    spec.given(upToStep3).when(weigh()).then([weighed]);
    spec.given([...upToStep3, weighed]).when(confirm(4)).then([confirmed(4)]);
    spec.given(weighedAndConfirmed).when(propose()).then([proposed()]);
    spec.given([...weighedAndConfirmed, proposed()]).when(confirm(5)).then([confirmed(5), decided]);
    const state = fold(decider, all);
    expect(state.current?.steps.map((step) => [step.step, step.secondProfessionalId])).toEqual([[1, null], [2, 'coach-noord-2'], [3, null], [4, 'coach-noord-2'], [5, 'coach-noord-2']]);
  });

  it('a signal map without a note carries no note field at all', () => {
    const { note: _note, ...withoutNote } = (signalsMapped as Extract<MeldcodeEvent, { type: 'MeldcodeSignalsMapped' }>).data;
    spec.given([started]).when(mapSignals(undefined, null)).then([{ type: 'MeldcodeSignalsMapped', data: withoutNote }]);
  });

  it('no step before the trajectory, none skipped, none repeated: 409 naming the expected step', () => {
    spec.given([]).when(mapSignals()).thenRejects('meldcode_not_started', 'trajectory');
    spec.given([started]).when(consult()).thenRejects('meldcode_step_out_of_order', 'steps.1');
    spec.given([started, signalsMapped]).when(mapSignals()).thenRejects('meldcode_step_out_of_order', 'steps.2');
    spec.given([started, signalsMapped]).when(weigh()).thenRejects('meldcode_step_out_of_order', 'steps.2');
    spec.given(upToStep3).when(propose()).thenRejects('meldcode_step_out_of_order', 'steps.4');
    spec.given(all).when(mapSignals()).thenRejects('meldcode_not_started', 'trajectory');
  });

  it('a step awaiting confirmation is not passed nor recorded again, and only that step is confirmed', () => {
    spec.given([...upToStep3, weighed]).when(propose()).thenRejects('meldcode_step_out_of_order', 'steps.4.confirmation');
    spec.given([...upToStep3, weighed]).when(weigh()).thenRejects('meldcode_step_out_of_order', 'steps.4.confirmation');
    spec.given([...upToStep3, weighed]).when(confirm(5)).thenRejects('meldcode_step_out_of_order', 'steps.4.confirmation');
    spec.given(upToStep3).when(confirm(4)).thenRejects('meldcode_step_out_of_order', 'steps.4');
    spec.given(weighedAndConfirmed).when(confirm(4)).thenRejects('meldcode_step_out_of_order', 'steps.5');
  });

  it('four eyes: the recorder never confirms; a real second professional does, with the role of their token', () => {
    spec.given([...upToStep3, weighed]).when(confirm(4, coach)).thenRejects('four_eyes_required', 'confirmedBy');
    spec.given([...weighedAndConfirmed, proposed()]).when(confirm(5, coach)).thenRejects('four_eyes_required', 'confirmedBy');
    spec.given([...upToStep3, weighed]).when(confirm(4, scientist)).then([confirmed(4, 'gedragswetenschapper-1', 'behavioural-scientist')]);
    spec.given([...upToStep3, weighed]).when(confirm(4, { userId: 'partner-jgz-1', roles: ['partner'] })).thenRejects('not_a_meldcode_role');
    spec.given([started, signalsMapped]).when(consult({ consultedId: 'coach-noord-1' })).thenRejects('four_eyes_required', 'consultedId');
  });

  it('the decision takes the outcome of step 5 and the id generated with it, no further action included', () => {
    const none = { ...decided, data: { ...decided.data, outcome: 'no_further_action' } } as MeldcodeEvent;
    spec.given([...weighedAndConfirmed, proposed('no_further_action')]).when(confirm(5)).then([confirmed(5), none]);
    spec.given(weighedAndConfirmed).when(propose('anything' as never)).thenRejects('unknown_outcome', 'outcome');
  });

  it('step 1: signals from the list, each once; a note of reasonable length', () => {
    spec.given([started]).when(mapSignals([])).thenRejects('signals_required', 'signals');
    spec.given([started]).when(mapSignals(['neglect', 'bruises'])).thenRejects('unknown_signal', 'signals.1');
    spec.given([started]).when(mapSignals(['neglect', 'neglect'])).thenRejects('signal_listed_twice', 'signals.1');
    spec.given([started]).when(mapSignals(['neglect'], '   ')).thenRejects('note_invalid', 'note');
  });

  it('step 2: the advice of Veilig Thuis needs its date, no later than today', () => {
    spec.given([started, signalsMapped]).when(consult({ veiligThuisAdviceOn: null })).thenRejects('veilig_thuis_advice_date_required', 'veiligThuisAdviceOn');
    spec.given([started, signalsMapped]).when(consult({ veiligThuisAdviceOn: '2026-05-05' })).thenRejects('date_in_future', 'veiligThuisAdviceOn');
    spec.given([started, signalsMapped]).when(consult({ veiligThuisAdvice: false, veiligThuisAdviceOn: '2026-05-01' })).thenRejects('veilig_thuis_advice_not_asked', 'veiligThuisAdviceOn');
  });

  it('step 3: held with members of the family, or not held with a reason', () => {
    const notHeld = { heldOn: null, withClientIds: [], notHeldReason: 'unsafe_to_talk' };
    spec.given([started, signalsMapped, consulted]).when(talk(notHeld)).then([{ type: 'MeldcodeClientTalkRecorded', data: { ...ids, ...byCoach, ...notHeld } }]);
    spec.given([started, signalsMapped, consulted]).when(talk({ withClientIds: [parent, '0193a5b2-7c1e-7000-8000-00000000c009'] })).thenRejects('not_of_this_family', 'withClientIds.1');
    spec.given([started, signalsMapped, consulted]).when(talk({ heldOn: null })).thenRejects('talk_or_reason_required', 'heldOn');
    spec.given([started, signalsMapped, consulted]).when(talk({ notHeldReason: 'unsafe_to_talk' })).thenRejects('talk_held_and_not_held', 'notHeldReason');
    spec.given([started, signalsMapped, consulted]).when(talk({ withClientIds: [] })).thenRejects('talk_participants_required', 'withClientIds');
  });

  it('step 4: every question of the afwegingskader answered, no other', () => {
    const { help_leads_to_safety: _missing, ...four } = yes;
    spec.given(upToStep3).when(weigh(four)).thenRejects('afwegingskader_answer_missing', 'answers.help_leads_to_safety');
    spec.given(upToStep3).when(weigh({ ...yes, gut_feeling: true })).thenRejects('unknown_afwegingskader_question', 'answers.gut_feeling');
  });
});
