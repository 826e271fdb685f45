import { deciderCommands } from '@wijkteam/runtime';
import { escalationDecider, escalationStream } from '../domain/escalation';

/** Escalation commands and reads per case file, on the buses: the one generic handler of the escalation decider. */
export const Escalations = deciderCommands('Escalation', { decider: escalationDecider, stream: escalationStream });
