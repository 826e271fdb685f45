import { assertValidStreamName } from '@wijkteam/event-store';
import { type GivenEvent, projectionSpec } from '@wijkteam/testing';
import { teamStream } from '../domain/team';
import { membersOf, TeamDirectoryMembers, teamDirectoryProjection } from './team-directory.projection';

const noord = teamStream('wijkteam-noord');
const zuid = teamStream('wijkteam-zuid');
const at = '2026-03-02T09:00:00.000Z';
const profile = { kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['lvb', 'opvoeding'], capacity: 12 };

const registered = (teamId: string, userId: string, overrides: Record<string, unknown> = {}): GivenEvent => ({
  streamName: teamStream(teamId),
  type: 'TeamMemberRegistered',
  data: { teamId, userId, ...profile, registeredBy: 'coordinator-1', registeredAt: at, ...overrides },
});

describe('team_directory projection', () => {
  it('names streams the event store accepts', () => {
    expect(() => assertValidStreamName(noord)).not.toThrow();
  });

  it('lists the members of one team, by user id, with their expertise', async () => {
    await projectionSpec(teamDirectoryProjection)
      .given([registered('wijkteam-noord', 'coach-noord-2', { expertise: [] }), registered('wijkteam-zuid', 'coach-zuid-1')])
      .when([registered('wijkteam-noord', 'coach-noord-1')])
      .then(async (db) => {
        expect(await membersOf(db, 'wijkteam-noord')).toEqual([
          { teamId: 'wijkteam-noord', userId: 'coach-noord-1', ...profile },
          { teamId: 'wijkteam-noord', userId: 'coach-noord-2', ...profile, expertise: [] },
        ]);
        expect(await membersOf(db, 'wijkteam-zuid')).toHaveLength(1);
      });
  });

  it('a change replaces the profile', async () => {
    await projectionSpec(teamDirectoryProjection)
      .given([registered('wijkteam-noord', 'coach-noord-1')])
      .when([{ streamName: noord, type: 'TeamMemberChanged', data: { teamId: 'wijkteam-noord', userId: 'coach-noord-1', kind: 'volwassenenteam', neighbourhood: 'centrum', expertise: ['ggz'], capacity: 3, changedBy: 'coordinator-1', changedAt: '2026-03-09T09:00:00.000Z' } }])
      .then(async (db) => {
        expect(await membersOf(db, 'wijkteam-noord')).toEqual([{ teamId: 'wijkteam-noord', userId: 'coach-noord-1', kind: 'volwassenenteam', neighbourhood: 'centrum', expertise: ['ggz'], capacity: 3 }]);
        expect((await db.findOneByOrFail(TeamDirectoryMembers, { userId: 'coach-noord-1' })).since).toBe('2026-03-09T09:00:00.000Z');
      });
  });

  it('one who left is no longer listed, in that team only', async () => {
    await projectionSpec(teamDirectoryProjection)
      .given([registered('wijkteam-noord', 'coach-noord-1'), registered('wijkteam-zuid', 'coach-noord-1')])
      .when([{ streamName: noord, type: 'TeamMemberLeft', data: { teamId: 'wijkteam-noord', userId: 'coach-noord-1', leftBy: 'coordinator-1', leftAt: at } }])
      .then(async (db) => {
        expect(await membersOf(db, 'wijkteam-noord')).toEqual([]);
        expect(await membersOf(db, 'wijkteam-zuid')).toEqual([expect.objectContaining({ userId: 'coach-noord-1' })]);
      });
  });

  it('reads team streams only', async () => {
    await projectionSpec(teamDirectoryProjection)
      .given([])
      .when([{ ...registered('wijkteam-zuid', 'coach-zuid-1'), streamName: 'intake.referral-0193a5b2-7c1e-7000-8000-000000000001' }])
      .then(async (db) => expect(await db.count(TeamDirectoryMembers)).toBe(0));
    expect(zuid.startsWith(teamStream.prefix)).toBe(true);
  });
});
