import { deciderCommands } from '@wijkteam/runtime';
import { transitionDecider, transitionStream } from '../domain/transition';

/** Transition (18-/18+) commands and reads, on the buses: the one generic handler of the transition decider. */
export const Transitions = deciderCommands('Transition', { decider: transitionDecider, stream: transitionStream });

