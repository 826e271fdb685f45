import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { type Expertise, type TeamKind, teamStream } from '../domain/team';

export interface TeamDirectoryMemberRow {
  teamId: string;
  userId: string;
  kind: TeamKind;
  neighbourhood: string;
  /** The expertise codes, comma-separated (codes hold no comma). */
  expertise: string;
  capacity: number;
  /** When the profile was registered or last changed. */
  since: string;
}

export const TeamDirectoryMembers = new EntitySchema<TeamDirectoryMemberRow>({
  name: 'team_directory_members',
  columns: {
    teamId: { type: 'varchar', length: 64, primary: true, name: 'team_id' },
    userId: { type: 'varchar', length: 255, primary: true, name: 'user_id' },
    kind: { type: 'varchar', length: 16 },
    neighbourhood: { type: 'varchar', length: 64 },
    expertise: { type: 'varchar', length: 255 },
    capacity: { type: 'int' },
    since: { type: 'varchar', length: 32 },
  },
});

/** A member of the directory as the API and the suggestions read it. */
export interface TeamMember {
  teamId: string;
  userId: string;
  kind: TeamKind;
  neighbourhood: string;
  expertise: Expertise[];
  capacity: number;
}

/**
 * The team directory (seed 002): one row per active member of each team, from the team streams.
 * Opaque user ids, codes and counts only. Version 1.
 */
export const teamDirectoryProjection = defineProjection({
  name: 'team_directory',
  version: 1,
  streamPrefixes: [teamStream.prefix],
  eventTypes: ['TeamMemberRegistered', 'TeamMemberChanged', 'TeamMemberLeft'],
  tables: [TeamDirectoryMembers],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const key = { teamId: data.teamId as string, userId: data.userId as string };
      if (event.type === 'TeamMemberLeft') {
        await tx.delete(TeamDirectoryMembers, key);
        continue;
      }
      await tx.upsert(
        TeamDirectoryMembers,
        {
          ...key,
          kind: data.kind as TeamKind,
          neighbourhood: data.neighbourhood as string,
          expertise: (data.expertise as string[]).join(','),
          capacity: data.capacity as number,
          since: (data.changedAt ?? data.registeredAt) as string,
        },
        ['teamId', 'userId'],
      );
    }
  },
});

/** The active members of one team, by user id. */
export async function membersOf(db: EntityManager, teamId: string): Promise<TeamMember[]> {
  const rows = await db.find(TeamDirectoryMembers, { where: { teamId }, order: { userId: 'ASC' } });
  return rows.map((row) => ({
    teamId: row.teamId,
    userId: row.userId,
    kind: row.kind,
    neighbourhood: row.neighbourhood,
    expertise: row.expertise === '' ? [] : (row.expertise.split(',') as Expertise[]),
    capacity: row.capacity,
  }));
}
