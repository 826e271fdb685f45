import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import { caseloadOf } from '../projections/caseload.projection';
import { membersOf, type TeamMember } from '../projections/team-directory.projection';

/** A member with what they carry now: caseload (families) and capacity − caseload. */
export type TeamMemberWithCaseload = TeamMember & { caseload: number; freeCapacity: number };

/**
 * The team directory as read (seed 002): the members of a team from team_directory, each with their
 * caseload from caseload and case_file_status (one database, joined at query time).
 */
@Injectable()
export class TeamDirectory {
  constructor(private readonly projections: ProjectionHost) {}

  async members(teamId: string): Promise<TeamMemberWithCaseload[]> {
    const members = await membersOf(this.projections.db.manager, teamId);
    const caseloads = await this.caseloads(members.map((member) => member.userId));
    return members.map((member) => {
      const caseload = caseloads.get(member.userId) ?? 0;
      return { ...member, caseload, freeCapacity: member.capacity - caseload };
    });
  }

  /** The caseload of each coach; a coach carrying nothing has 0. */
  async caseloads(coachIds: readonly string[]): Promise<Map<string, number>> {
    const found = await caseloadOf(this.projections.db.manager, coachIds);
    return new Map(coachIds.map((coachId) => [coachId, found.get(coachId) ?? 0]));
  }
}
