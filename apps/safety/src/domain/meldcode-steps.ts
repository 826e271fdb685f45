import { DomainError, MELDCODE_NO_TALK_REASONS, MELDCODE_OUTCOMES, MELDCODE_SIGNALS } from '@wijkteam/contracts';
import { type AfwegingskaderAnswers, type AfwegingskaderReference, assertAfwegingskaderAnswers } from './afwegingskader';

/**
 * What each Meldcode step must hold before it is recorded (422 naming the field). Pure checks, no
 * state: the order of the steps is the decider's.
 */

const NOTE_MAX = 4000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const isDate = (value: string): boolean => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)) && new Date(`${value}T00:00:00.000Z`).toISOString().startsWith(value);

/** A date of the step (YYYY-MM-DD, UTC day) no later than the day it is recorded. */
function assertPastDate(value: string, recordedAt: string, field: string): void {
  if (!isDate(value)) throw new DomainError('invalid_date', 'unprocessable', field);
  if (value > recordedAt.slice(0, 10)) throw new DomainError('date_in_future', 'unprocessable', field);
}

/** Step 1: at least one signal from the list, each once; the note, if any, is a text of reasonable length. */
export function assertSignals(signals: readonly string[], note: string | null): void {
  if (signals.length === 0) throw new DomainError('signals_required', 'unprocessable', 'signals');
  const seen = new Set<string>();
  signals.forEach((signal, index) => {
    if (!(MELDCODE_SIGNALS as readonly string[]).includes(signal)) throw new DomainError('unknown_signal', 'unprocessable', `signals.${index}`);
    if (seen.has(signal)) throw new DomainError('signal_listed_twice', 'unprocessable', `signals.${index}`);
    seen.add(signal);
  });
  if (note !== null && (note.trim().length === 0 || note.length > NOTE_MAX)) throw new DomainError('note_invalid', 'unprocessable', 'note');
}

/** Step 2: a colleague other than the recorder; the advice of Veilig Thuis with its date, if asked. */
export function assertColleague(data: { consultedId: string; veiligThuisAdvice: boolean; veiligThuisAdviceOn: string | null; recordedBy: { userId: string }; recordedAt: string }): void {
  // seed 002: the risk is always discussed with a colleague, never weighed alone.
  if (data.consultedId === data.recordedBy.userId) throw new DomainError('four_eyes_required', 'unprocessable', 'consultedId');
  if (data.veiligThuisAdvice) {
    if (!data.veiligThuisAdviceOn) throw new DomainError('veilig_thuis_advice_date_required', 'unprocessable', 'veiligThuisAdviceOn');
    assertPastDate(data.veiligThuisAdviceOn, data.recordedAt, 'veiligThuisAdviceOn');
  } else if (data.veiligThuisAdviceOn) throw new DomainError('veilig_thuis_advice_not_asked', 'unprocessable', 'veiligThuisAdviceOn');
}

/** Step 3: held on a date with members of the file's family, or not held, with the reason why. */
export function assertClientTalk(data: { heldOn: string | null; withClientIds: readonly string[]; notHeldReason: string | null; familyIds: readonly string[]; recordedAt: string }): void {
  if (data.heldOn && data.notHeldReason) throw new DomainError('talk_held_and_not_held', 'unprocessable', 'notHeldReason');
  if (data.notHeldReason) {
    if (!(MELDCODE_NO_TALK_REASONS as readonly string[]).includes(data.notHeldReason)) throw new DomainError('unknown_no_talk_reason', 'unprocessable', 'notHeldReason');
    if (data.withClientIds.length > 0) throw new DomainError('talk_not_held', 'unprocessable', 'withClientIds');
    return;
  }
  if (!data.heldOn) throw new DomainError('talk_or_reason_required', 'unprocessable', 'heldOn');
  assertPastDate(data.heldOn, data.recordedAt, 'heldOn');
  if (data.withClientIds.length === 0) throw new DomainError('talk_participants_required', 'unprocessable', 'withClientIds');
  data.withClientIds.forEach((clientId, index) => {
    if (!data.familyIds.includes(clientId)) throw new DomainError('not_of_this_family', 'unprocessable', `withClientIds.${index}`);
  });
}

/** Step 4: every question of the configured afwegingskader answered yes or no. */
export function assertWeighing(answers: AfwegingskaderAnswers, reference: AfwegingskaderReference): void {
  assertAfwegingskaderAnswers(answers, reference, 'answers');
}

/** Step 5: an outcome from the list. */
export function assertDecision(outcome: string): void {
  if (!(MELDCODE_OUTCOMES as readonly string[]).includes(outcome)) throw new DomainError('unknown_outcome', 'unprocessable', 'outcome');
}
