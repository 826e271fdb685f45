import type { QueryBus } from '@nestjs/cqrs';
import { deciderCommands } from '@wijkteam/runtime';
import { teamDecider, type TeamState, teamStream } from '../domain/team';

/** Team-directory commands and reads, on the buses: the one generic handler of the team decider, one stream per team code. */
export const Teams = deciderCommands('Team', { decider: teamDecider(), stream: teamStream });

/** A team's members as its stream holds them now (not the read model): a team nobody registered yet has none. */
export async function teamStateOf(queries: QueryBus, teamId: string): Promise<TeamState> {
  return (await queries.execute(new Teams.Current(teamId))).state;
}
