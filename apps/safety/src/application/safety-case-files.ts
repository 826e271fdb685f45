import { Injectable } from '@nestjs/common';
import { type FilePart, TeamFileAccess } from '@wijkteam/audit';
import type { AuthenticatedUser } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import { ProjectionHost } from '@wijkteam/projections';
import { SafetyCaseFileRows } from '../projections/safety-case-files.projection';

/** A case file case planning opened, as safety acts on it. */
export interface SafetyCaseFile {
  caseFileId: string;
  clientId: string;
  teamId: string | null;
  childIds: string[];
  familyMemberIds: string[];
  status: 'open' | 'closed';
  directorId: string | null;
  directorKind: string | null;
}

/**
 * Safety acts only on case files case planning opened (issue 15), of the caller's own team: the file
 * from safety's projection of case planning's events (404 `case_file_not_found` naming `caseFileId`
 * otherwise, nothing appended), team separation as everywhere (403, the refusal access-logged); a
 * decision only on an open file (409 `case_file_closed`).
 */
@Injectable()
export class SafetyCaseFiles {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly teams: TeamFileAccess,
  ) {}

  async require(caseFileId: string): Promise<SafetyCaseFile> {
    const row = await this.projections.db.manager.findOneBy(SafetyCaseFileRows, { caseFileId });
    if (!row) throw new DomainError('case_file_not_found', 'not_found', 'caseFileId');
    const { eventOrder: _order, childIds, familyMemberIds, ...rest } = row;
    return { ...rest, childIds: JSON.parse(childIds) as string[], familyMemberIds: JSON.parse(familyMemberIds) as string[] };
  }

  async forRead(user: AuthenticatedUser, caseFileId: string, part: FilePart = 'safety'): Promise<SafetyCaseFile> {
    const file = await this.require(caseFileId);
    await this.teams.assertMayRead(user, file, part);
    return file;
  }

  /** A decision on a file: of the caller's team, and open (a closed file is reopened in case planning first: 409). */
  async forAct(user: AuthenticatedUser, caseFileId: string, part: FilePart = 'safety'): Promise<SafetyCaseFile> {
    const file = await this.require(caseFileId);
    await this.teams.assertMayAct(user, file, part);
    if (file.status === 'closed') throw new DomainError('case_file_closed');
    return file;
  }
}
