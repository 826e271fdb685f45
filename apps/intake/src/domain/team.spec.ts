import { deciderSpec } from '@wijkteam/testing';
import { type TeamCommand, teamDecider, type TeamEvent, type TeamMemberProfile, teamStream } from './team';

const spec = deciderSpec(teamDecider());
const teamId = 'wijkteam-noord';
const userId = 'coach-noord-1';
const at = '2026-03-02T09:00:00.000Z';
const later = '2026-03-09T09:00:00.000Z';
const profile: TeamMemberProfile = { kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['lvb', 'opvoeding'], capacity: 12 };

const register = (overrides: Partial<TeamMemberProfile & { teamId: string; userId: string }> = {}): TeamCommand => ({
  type: 'RegisterTeamMember',
  data: { teamId, userId, ...profile, registeredBy: 'coordinator-1', registeredAt: at, ...overrides },
});
const registered = (overrides: Partial<TeamMemberProfile & { userId: string }> = {}): TeamEvent => ({
  type: 'TeamMemberRegistered',
  data: { teamId, userId, ...profile, registeredBy: 'coordinator-1', registeredAt: at, ...overrides },
});
const change = (overrides: Partial<TeamMemberProfile & { userId: string }> = {}): TeamCommand => ({
  type: 'ChangeTeamMember',
  data: { teamId, userId, ...profile, changedBy: 'coordinator-1', changedAt: later, ...overrides },
});
const changed = (overrides: Partial<TeamMemberProfile> = {}): TeamEvent => ({
  type: 'TeamMemberChanged',
  data: { teamId, userId, ...profile, changedBy: 'coordinator-1', changedAt: later, ...overrides },
});
const remove = (who = userId): TeamCommand => ({ type: 'RemoveTeamMember', data: { teamId, userId: who, leftBy: 'coordinator-1', leftAt: later } });
const left: TeamEvent = { type: 'TeamMemberLeft', data: { teamId, userId, leftBy: 'coordinator-1', leftAt: later } };

describe('team decider: register', () => {
  it('registers a member with kind, neighbourhood, expertise and capacity', () => {
    spec.given([]).when(register()).then([registered()]);
  });
  it('registers a second member beside the first', () => {
    spec.given([registered()]).when(register({ userId: 'coach-noord-2', capacity: 0 })).then([registered({ userId: 'coach-noord-2', capacity: 0 })]);
  });
  it('refuses to register a member twice (409 naming userId)', () => {
    spec.given([registered()]).when(register()).thenRejects('member_already_registered', 'userId');
  });
  it('registers again one who left', () => {
    spec.given([registered(), left]).when(register({ capacity: 8 })).then([registered({ capacity: 8 })]);
  });
  it('knows no member by an inherited property name', () => {
    spec.given([]).when(change({ userId: 'constructor' })).thenRejects('member_not_found', 'userId');
  });
  it.each([
    [{ teamId: 'Wijkteam Noord' }, 'invalid_team_id', 'teamId'],
    [{ userId: 'jan@example.nl' }, 'invalid_user_id', 'userId'],
    [{ kind: 'partner' as TeamMemberProfile['kind'] }, 'invalid_team_kind', 'kind'],
    [{ neighbourhood: 'Noord' }, 'invalid_neighbourhood', 'neighbourhood'],
    [{ expertise: ['lvb', 'astrologie'] as TeamMemberProfile['expertise'] }, 'unknown_expertise', 'expertise.1'],
    [{ expertise: ['lvb', 'lvb'] as TeamMemberProfile['expertise'] }, 'duplicate_expertise', 'expertise'],
    [{ capacity: 41 }, 'capacity_out_of_range', 'capacity'],
    [{ capacity: -1 }, 'capacity_out_of_range', 'capacity'],
    [{ capacity: 2.5 }, 'capacity_out_of_range', 'capacity'],
  ])('refuses %j (422 naming the field)', (overrides, code, field) => {
    spec.given([]).when(register(overrides)).thenRejects(code, field);
  });
  it('refuses a command for another team on this team stream', () => {
    spec.given([registered()]).when(register({ teamId: 'wijkteam-zuid', userId: 'coach-zuid-1' })).thenRejects('other_team', 'teamId');
  });
});

describe('team decider: change', () => {
  it('changes the expertise and capacity of a member', () => {
    spec.given([registered()]).when(change({ expertise: ['ggz'], capacity: 6 })).then([changed({ expertise: ['ggz'], capacity: 6 })]);
  });
  it('appends nothing when the profile is the same (a repeated PUT)', () => {
    spec.given([registered()]).when(change()).then([]);
  });
  it('sees the latest change: the profile of before is a change again', () => {
    spec.given([registered(), changed({ capacity: 6 })]).when(change()).then([changed()]);
  });
  it('refuses to change an unknown member (404 naming userId)', () => {
    spec.given([]).when(change()).thenRejects('member_not_found', 'userId');
    spec.given([registered(), left]).when(change()).thenRejects('member_not_found', 'userId');
  });
  it('validates the changed profile as a registration', () => {
    spec.given([registered()]).when(change({ capacity: 100 })).thenRejects('capacity_out_of_range', 'capacity');
  });
});

describe('team decider: remove', () => {
  it('records that a member left', () => {
    spec.given([registered()]).when(remove()).then([left]);
  });
  it('refuses to remove an unknown or departed member (404 naming userId)', () => {
    spec.given([registered()]).when(remove('coach-noord-9')).thenRejects('member_not_found', 'userId');
    spec.given([registered(), left]).when(remove()).thenRejects('member_not_found', 'userId');
  });
});

describe('team stream', () => {
  it('is named by the team code, owned by intake', () => {
    expect(teamStream(teamId)).toBe('intake.team-wijkteam-noord');
    expect(teamStream.idOf('intake.team-wijkteam-noord')).toBe(teamId);
  });
});
