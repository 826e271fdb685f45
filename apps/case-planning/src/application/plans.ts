import { deciderCommands } from '@wijkteam/runtime';
import { planDecider, planStream } from '../domain/plan';

/** Plan of approach commands and reads: the one generic handler of the plan decider. */
export const Plans = deciderCommands('Plan', { decider: planDecider, stream: planStream });
