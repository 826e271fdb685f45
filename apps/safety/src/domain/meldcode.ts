import { type Decider, type DomainEvent, DomainError, MELDCODE_OUTCOMES, MELDCODE_ROLES, streamOf } from '@wijkteam/contracts';
import type { AfwegingskaderReference } from './afwegingskader';
import { assertClientTalk, assertColleague, assertDecision, assertSignals, assertWeighing } from './meldcode-steps';

/**
 * The Meldcode huiselijk geweld en kindermishandeling per case file (seeds 000, 002; DOMAIN.md
 * "Safety"): five steps in order (1 map the signals, 2 collegial consultation and perhaps advice
 * from Veilig Thuis, 3 talk with the client, 4 weigh with the afwegingskader, 5 decide: report to
 * Veilig Thuis and/or organise help). None is skipped or repeated. seed 002: safety decisions are
 * never taken alone, so steps 4 and 5 are recorded by one professional and count only once another
 * confirmed them while logged in. One trajectory at a time; a new one may start after a decision.
 */
export type MeldcodeOutcome = (typeof MELDCODE_OUTCOMES)[number];
export type MeldcodeRole = (typeof MELDCODE_ROLES)[number];

/** The logged-in user, as the token names them: never taken from a request body. */
export interface Actor {
  userId: string;
  roles: readonly string[];
}

type Recorded = { recordedBy: Actor; recordedAt: string };

export type MeldcodeCommand =
  | { type: 'StartMeldcode'; data: { caseFileId: string; clientId: string; teamId: string | null; childIds: readonly string[]; trajectoryId: string; startedBy: Actor; startedAt: string } }
  | { type: 'MapSignals'; data: Recorded & { signals: string[]; note: string | null } }
  | { type: 'ConsultColleague'; data: Recorded & { consultedId: string; veiligThuisAdvice: boolean; veiligThuisAdviceOn: string | null } }
  | { type: 'RecordClientTalk'; data: Recorded & { heldOn: string | null; withClientIds: string[]; notHeldReason: string | null; familyIds: readonly string[] } }
  | { type: 'Weigh'; data: Recorded & { answers: Record<string, boolean> } }
  | { type: 'ProposeDecision'; data: Recorded & { decisionId: string; outcome: MeldcodeOutcome } }
  | { type: 'ConfirmStep'; data: { step: number; confirmedBy: Actor; confirmedAt: string } };

type Ids = { caseFileId: string; trajectoryId: string };
type Completed = { completedBy: string; completedByRole: MeldcodeRole; completedAt: string };
type Pending = { recordedBy: string; recordedByRole: MeldcodeRole; recordedAt: string };
type SecondProfessional = { secondProfessionalId: string; secondProfessionalRole: MeldcodeRole };

export type MeldcodeEvent =
  | DomainEvent<'MeldcodeTrajectoryStarted', Ids & { clientId: string; teamId: string | null; startedBy: string; startedByRole: MeldcodeRole; startedAt: string }>
  /** `note` is sealed under the child's key (PERSONAL_DATA); absent when none was written. */
  | DomainEvent<'MeldcodeSignalsMapped', Ids & Completed & { clientId: string; signals: string[]; note?: string }>
  | DomainEvent<'MeldcodeColleagueConsulted', Ids & Completed & { consultedId: string; veiligThuisAdvice: boolean; veiligThuisAdviceOn: string | null }>
  | DomainEvent<'MeldcodeClientTalkRecorded', Ids & Completed & { heldOn: string | null; withClientIds: string[]; notHeldReason: string | null }>
  | DomainEvent<'MeldcodeWeighed', Ids & Pending & { answers: Record<string, boolean>; afwegingskaderVersion: string }>
  | DomainEvent<'MeldcodeDecisionProposed', Ids & Pending & { decisionId: string; outcome: MeldcodeOutcome }>
  | DomainEvent<'MeldcodeStepConfirmed', Ids & Completed & SecondProfessional & { step: 4 | 5 }>
  | DomainEvent<'MeldcodeDecisionTaken', Ids & SecondProfessional & { clientId: string; decisionId: string; outcome: MeldcodeOutcome; decidedBy: string; decidedByRole: MeldcodeRole; decidedAt: string }>;

/** Who completed a step and when; steps 4 and 5 with the second professional who confirmed them. */
export interface MeldcodeStepRecord {
  step: number;
  completedBy: string;
  completedByRole: MeldcodeRole;
  secondProfessionalId: string | null;
  secondProfessionalRole: MeldcodeRole | null;
  completedAt: string;
}

export interface MeldcodeTrajectory {
  trajectoryId: string;
  clientId: string;
  teamId: string | null;
  startedBy: string;
  startedAt: string;
  status: 'open' | 'decided';
  /** The step to record next (null once decided); while a step awaits confirmation, that step. */
  nextStep: number | null;
  steps: MeldcodeStepRecord[];
  awaitingConfirmation: (Pending & { step: 4 | 5 }) | null;
  signals?: { codes: string[]; note: string | null };
  consultation?: { consultedId: string; veiligThuisAdvice: boolean; veiligThuisAdviceOn: string | null };
  talk?: { heldOn: string | null; withClientIds: string[]; notHeldReason: string | null };
  weighing?: { answers: Record<string, boolean>; afwegingskaderVersion: string };
  decision?: { decisionId: string; outcome: MeldcodeOutcome; decidedAt: string | null };
}

export interface MeldcodeState {
  caseFileId?: string;
  /** The open trajectory, or the last one decided. */
  current?: MeldcodeTrajectory;
  /** How many trajectories of this file ended with a decision. */
  decided: number;
}

/** The first role of the token that may work the Meldcode: recorded as the role of who acted. */
export function meldcodeRoleOf(actor: Actor): MeldcodeRole {
  const role = actor.roles.find((candidate): candidate is MeldcodeRole => (MELDCODE_ROLES as readonly string[]).includes(candidate));
  if (!role) throw new DomainError('not_a_meldcode_role', 'forbidden');
  return role;
}

const STEP_OF = { MapSignals: 1, ConsultColleague: 2, RecordClientTalk: 3, Weigh: 4, ProposeDecision: 5 } as const;

/** A step may be recorded only as the next one of the open trajectory, never while one awaits confirmation. */
function openTrajectoryFor(state: MeldcodeState, step: number): MeldcodeTrajectory & { caseFileId: string } {
  const trajectory = state.current;
  if (!state.caseFileId || !trajectory || trajectory.status !== 'open') throw new DomainError('meldcode_not_started', 'conflict', 'trajectory');
  if (trajectory.awaitingConfirmation) throw new DomainError('meldcode_step_out_of_order', 'conflict', `steps.${trajectory.awaitingConfirmation.step}.confirmation`);
  if (trajectory.nextStep !== step) throw new DomainError('meldcode_step_out_of_order', 'conflict', `steps.${trajectory.nextStep}`);
  return { ...trajectory, caseFileId: state.caseFileId };
}

export function meldcodeDecider(reference: AfwegingskaderReference): Decider<MeldcodeCommand, MeldcodeEvent, MeldcodeState> {
  return {
    initialState: () => ({ decided: 0 }),

    decide(command, state) {
      if (command.type === 'StartMeldcode') {
        const { caseFileId, clientId, teamId, childIds, trajectoryId, startedBy, startedAt } = command.data;
        if (state.current?.status === 'open') throw new DomainError('meldcode_trajectory_open', 'conflict', 'trajectory');
        // The Meldcode is about a child of the family: the decision is that child's legal ground.
        if (!childIds.includes(clientId)) throw new DomainError('not_a_child_of_this_file', 'unprocessable', 'clientId');
        return [{ type: 'MeldcodeTrajectoryStarted', data: { caseFileId, trajectoryId, clientId, teamId, startedBy: startedBy.userId, startedByRole: meldcodeRoleOf(startedBy), startedAt } }];
      }
      if (command.type === 'ConfirmStep') return confirm(state, command.data);
      const trajectory = openTrajectoryFor(state, STEP_OF[command.type]);
      const ids = { caseFileId: trajectory.caseFileId, trajectoryId: trajectory.trajectoryId };
      const { recordedBy, recordedAt } = command.data;
      const role = meldcodeRoleOf(recordedBy);
      const completed = { completedBy: recordedBy.userId, completedByRole: role, completedAt: recordedAt };
      switch (command.type) {
        case 'MapSignals': {
          const { signals, note } = command.data;
          assertSignals(signals, note);
          return [{ type: 'MeldcodeSignalsMapped', data: { ...ids, ...completed, clientId: trajectory.clientId, signals, ...(note ? { note } : {}) } }];
        }
        case 'ConsultColleague': {
          const { consultedId, veiligThuisAdvice, veiligThuisAdviceOn } = command.data;
          assertColleague(command.data);
          return [{ type: 'MeldcodeColleagueConsulted', data: { ...ids, ...completed, consultedId, veiligThuisAdvice, veiligThuisAdviceOn: veiligThuisAdvice ? veiligThuisAdviceOn : null } }];
        }
        case 'RecordClientTalk': {
          const { heldOn, withClientIds, notHeldReason } = command.data;
          assertClientTalk(command.data);
          return [{ type: 'MeldcodeClientTalkRecorded', data: { ...ids, ...completed, heldOn, withClientIds, notHeldReason } }];
        }
        case 'Weigh': {
          assertWeighing(command.data.answers, reference);
          const pending = { recordedBy: recordedBy.userId, recordedByRole: role, recordedAt };
          return [{ type: 'MeldcodeWeighed', data: { ...ids, ...pending, answers: command.data.answers, afwegingskaderVersion: reference.version } }];
        }
        case 'ProposeDecision': {
          assertDecision(command.data.outcome);
          const pending = { recordedBy: recordedBy.userId, recordedByRole: role, recordedAt };
          return [{ type: 'MeldcodeDecisionProposed', data: { ...ids, ...pending, decisionId: command.data.decisionId, outcome: command.data.outcome } }];
        }
      }
    },

    evolve(state, event) {
      if (event.type === 'MeldcodeTrajectoryStarted') {
        const { caseFileId, trajectoryId, clientId, teamId, startedBy, startedAt } = event.data;
        return { ...state, caseFileId, current: { trajectoryId, clientId, teamId, startedBy, startedAt, status: 'open', nextStep: 1, steps: [], awaitingConfirmation: null } };
      }
      const current = state.current;
      if (!current) return state;
      // A completed step: who, in which role, when, and the second professional where there is one.
      const done = (step: number, data: Completed & Partial<SecondProfessional>): Pick<MeldcodeTrajectory, 'steps' | 'nextStep' | 'awaitingConfirmation'> => ({
        steps: [
          ...current.steps,
          { step, completedBy: data.completedBy, completedByRole: data.completedByRole, secondProfessionalId: data.secondProfessionalId ?? null, secondProfessionalRole: data.secondProfessionalRole ?? null, completedAt: data.completedAt },
        ],
        nextStep: step < 5 ? step + 1 : null,
        awaitingConfirmation: null,
      });
      switch (event.type) {
        case 'MeldcodeSignalsMapped':
          return { ...state, current: { ...current, ...done(1, event.data), signals: { codes: event.data.signals, note: event.data.note ?? null } } };
        case 'MeldcodeColleagueConsulted': {
          const { consultedId, veiligThuisAdvice, veiligThuisAdviceOn } = event.data;
          return { ...state, current: { ...current, ...done(2, { ...event.data, secondProfessionalId: consultedId }), consultation: { consultedId, veiligThuisAdvice, veiligThuisAdviceOn } } };
        }
        case 'MeldcodeClientTalkRecorded': {
          const { heldOn, withClientIds, notHeldReason } = event.data;
          return { ...state, current: { ...current, ...done(3, event.data), talk: { heldOn, withClientIds, notHeldReason } } };
        }
        case 'MeldcodeWeighed': {
          const { recordedBy, recordedByRole, recordedAt, answers, afwegingskaderVersion } = event.data;
          return { ...state, current: { ...current, awaitingConfirmation: { step: 4, recordedBy, recordedByRole, recordedAt }, weighing: { answers, afwegingskaderVersion } } };
        }
        case 'MeldcodeDecisionProposed': {
          const { recordedBy, recordedByRole, recordedAt, decisionId, outcome } = event.data;
          return { ...state, current: { ...current, awaitingConfirmation: { step: 5, recordedBy, recordedByRole, recordedAt }, decision: { decisionId, outcome, decidedAt: null } } };
        }
        case 'MeldcodeStepConfirmed':
          return { ...state, current: { ...current, ...done(event.data.step, event.data) } };
        case 'MeldcodeDecisionTaken':
          return { ...state, decided: state.decided + 1, current: { ...current, status: 'decided', nextStep: null, decision: { decisionId: event.data.decisionId, outcome: event.data.outcome, decidedAt: event.data.decidedAt } } };
      }
    },
  };
}

/** Four eyes: a logged-in professional other than the recorder confirms the step awaiting it. */
function confirm(state: MeldcodeState, { step, confirmedBy, confirmedAt }: Extract<MeldcodeCommand, { type: 'ConfirmStep' }>['data']): MeldcodeEvent[] {
  const trajectory = state.current;
  if (!state.caseFileId || !trajectory || trajectory.status !== 'open') throw new DomainError('meldcode_not_started', 'conflict', 'trajectory');
  const pending = trajectory.awaitingConfirmation;
  if (!pending || pending.step !== step) throw new DomainError('meldcode_step_out_of_order', 'conflict', pending ? `steps.${pending.step}.confirmation` : `steps.${trajectory.nextStep}`);
  // seed 002: never alone; the one who recorded the step cannot be its second pair of eyes.
  if (confirmedBy.userId === pending.recordedBy) throw new DomainError('four_eyes_required', 'unprocessable', 'confirmedBy');
  const second = { secondProfessionalId: confirmedBy.userId, secondProfessionalRole: meldcodeRoleOf(confirmedBy) };
  const ids = { caseFileId: state.caseFileId, trajectoryId: trajectory.trajectoryId };
  const completed: MeldcodeEvent = {
    type: 'MeldcodeStepConfirmed',
    data: { ...ids, step: pending.step, completedBy: pending.recordedBy, completedByRole: pending.recordedByRole, ...second, completedAt: confirmedAt },
  };
  if (pending.step === 4 || !trajectory.decision) return [completed];
  const { decisionId, outcome } = trajectory.decision;
  return [
    completed,
    { type: 'MeldcodeDecisionTaken', data: { ...ids, clientId: trajectory.clientId, decisionId, outcome, decidedBy: pending.recordedBy, decidedByRole: pending.recordedByRole, ...second, decidedAt: confirmedAt } },
  ];
}

/** `safety.meldcode-<caseFileId>`: the Meldcode trajectories of one case file. */
export const meldcodeStream = streamOf('safety', 'meldcode');
