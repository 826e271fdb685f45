import { deciderCommands } from '@wijkteam/runtime';
import { teamDecider, teamStream } from '../domain/team';

/** Team-directory commands and reads, on the buses: the one generic handler of the team decider, one stream per team code. */
export const Teams = deciderCommands('Team', { decider: teamDecider(), stream: teamStream });
