import { type Decider, type DomainEvent, DomainError, EXPERTISE, OrganisationCode, streamOf, TEAM_KINDS, UserId } from '@wijkteam/contracts';

/**
 * The team directory (seed 002: assignment by expertise and capacity, not by area alone): who works
 * in a team, in which kind of team, in which neighbourhood, with which expertise and for how many
 * families. One stream per team, named by the team's organisation code (the `org` claim of its
 * members). No personal data: members are opaque identity-provider subjects, the rest codes and counts.
 */
export type TeamKind = (typeof TEAM_KINDS)[number];
export type Expertise = (typeof EXPERTISE)[number];

/** seed 002: capacity is a number of families; 40 is well beyond any coach's caseload. */
export const MAX_CAPACITY = 40;

/** A neighbourhood as a lower-case code (`noord`, `oud-west`), never an address. */
export const NEIGHBOURHOOD = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export type TeamMemberProfile = {
  kind: TeamKind;
  neighbourhood: string;
  expertise: Expertise[];
  capacity: number;
}

export type TeamCommand =
  | { type: 'RegisterTeamMember'; data: { teamId: string; userId: string; registeredBy: string; registeredAt: string } & TeamMemberProfile }
  | { type: 'ChangeTeamMember'; data: { teamId: string; userId: string; changedBy: string; changedAt: string } & TeamMemberProfile }
  | { type: 'RemoveTeamMember'; data: { teamId: string; userId: string; leftBy: string; leftAt: string } };

export type TeamEvent =
  | DomainEvent<'TeamMemberRegistered', { teamId: string; userId: string; registeredBy: string; registeredAt: string } & TeamMemberProfile>
  | DomainEvent<'TeamMemberChanged', { teamId: string; userId: string; changedBy: string; changedAt: string } & TeamMemberProfile>
  | DomainEvent<'TeamMemberLeft', { teamId: string; userId: string; leftBy: string; leftAt: string }>;

export interface TeamState {
  teamId: string | null;
  /** The active members by user id; one who left is no longer here. */
  members: Record<string, TeamMemberProfile>;
}

const unprocessable = (code: string, field: string) => new DomainError(code, 'unprocessable', field);

function assertIds(data: { teamId: string; userId: string }, state: TeamState): void {
  if (!OrganisationCode.safeParse(data.teamId).success) throw unprocessable('invalid_team_id', 'teamId');
  // A stream holds one team: a command naming another is a mistake of the caller.
  if (state.teamId !== null && state.teamId !== data.teamId) throw unprocessable('other_team', 'teamId');
  if (!UserId.safeParse(data.userId).success) throw unprocessable('invalid_user_id', 'userId');
}

function profileOf(data: TeamMemberProfile): TeamMemberProfile {
  if (!(TEAM_KINDS as readonly string[]).includes(data.kind)) throw unprocessable('invalid_team_kind', 'kind');
  if (!NEIGHBOURHOOD.test(data.neighbourhood)) throw unprocessable('invalid_neighbourhood', 'neighbourhood');
  data.expertise.forEach((code, index) => {
    if (!(EXPERTISE as readonly string[]).includes(code)) throw unprocessable('unknown_expertise', `expertise.${index}`);
  });
  if (new Set(data.expertise).size !== data.expertise.length) throw unprocessable('duplicate_expertise', 'expertise');
  if (!Number.isInteger(data.capacity) || data.capacity < 0 || data.capacity > MAX_CAPACITY) throw unprocessable('capacity_out_of_range', 'capacity');
  return { kind: data.kind, neighbourhood: data.neighbourhood, expertise: data.expertise, capacity: data.capacity };
}

const sameProfile = (a: TeamMemberProfile, b: TeamMemberProfile): boolean =>
  a.kind === b.kind && a.neighbourhood === b.neighbourhood && a.capacity === b.capacity && a.expertise.length === b.expertise.length && a.expertise.every((code, i) => code === b.expertise[i]);

export const teamDecider = (): Decider<TeamCommand, TeamEvent, TeamState> => ({
  initialState: () => ({ teamId: null, members: {} }),

  decide(command, state) {
    assertIds(command.data, state);
    const { teamId, userId } = command.data;
    // Own properties only: a user id such as `constructor` is no member of every team.
    const current = Object.hasOwn(state.members, userId) ? state.members[userId] : undefined;
    switch (command.type) {
      case 'RegisterTeamMember': {
        const profile = profileOf(command.data);
        if (current) throw new DomainError('member_already_registered', 'conflict', 'userId');
        const { registeredBy, registeredAt } = command.data;
        return [{ type: 'TeamMemberRegistered', data: { teamId, userId, ...profile, registeredBy, registeredAt } }];
      }
      case 'ChangeTeamMember': {
        const profile = profileOf(command.data);
        if (!current) throw new DomainError('member_not_found', 'not_found', 'userId');
        // The same profile again changes nothing: a repeated PUT appends nothing.
        if (sameProfile(current, profile)) return [];
        const { changedBy, changedAt } = command.data;
        return [{ type: 'TeamMemberChanged', data: { teamId, userId, ...profile, changedBy, changedAt } }];
      }
      case 'RemoveTeamMember': {
        if (!current) throw new DomainError('member_not_found', 'not_found', 'userId');
        const { leftBy, leftAt } = command.data;
        return [{ type: 'TeamMemberLeft', data: { teamId, userId, leftBy, leftAt } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'TeamMemberRegistered':
      case 'TeamMemberChanged': {
        const { teamId, userId, kind, neighbourhood, expertise, capacity } = event.data;
        return { teamId, members: { ...state.members, [userId]: { kind, neighbourhood, expertise, capacity } } };
      }
      case 'TeamMemberLeft': {
        const { [event.data.userId]: _left, ...members } = state.members;
        return { teamId: event.data.teamId, members };
      }
    }
  },
});

/** `intake.team-<organisation code>`, e.g. `intake.team-wijkteam-noord`: the code is no personal identifier. */
export const teamStream = streamOf('intake', 'team');
