import { deciderCommands } from '@wijkteam/runtime';
import { safetyDecider, safetyStream } from '../domain/safety-assessment';

/** Safety commands and reads per case file, on the buses: the one generic handler of the safety decider. */
export const SafetyAssessments = deciderCommands('Safety', { decider: safetyDecider, stream: safetyStream });
