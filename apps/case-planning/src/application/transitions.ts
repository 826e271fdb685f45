import { DomainError } from '@wijkteam/contracts';
import { deciderCommands } from '@wijkteam/runtime';
import { transitionDecider, type TransitionState, transitionStream } from '../domain/transition';

/** Transition (18-/18+) commands and reads, on the buses: the one generic handler of the transition decider. */
export const Transitions = deciderCommands('Transition', { decider: transitionDecider, stream: transitionStream });

/** A file whose transition nobody started yet reads as the decider's initial state (revision undefined). */
export function orNoTransition(error: unknown): { state: TransitionState; revision: bigint | undefined } {
  if (error instanceof DomainError && error.kind === 'not_found') return { state: transitionDecider.initialState(), revision: undefined };
  throw error;
}
