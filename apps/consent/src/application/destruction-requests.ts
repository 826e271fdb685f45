import { deciderCommands } from '@wijkteam/runtime';
import { destructionRequestDecider, destructionRequestStream } from '../domain/destruction-request';

/** Destruction requests (Jeugdwet art. 7.3.9), on the buses: the generic handler of their decider. */
export const DestructionRequests = deciderCommands('DestructionRequest', { decider: destructionRequestDecider, stream: destructionRequestStream });
