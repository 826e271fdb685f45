import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type Page, PageQueryDto, UuidParam } from '@wijkteam/runtime';
import { CaseFiles } from '../application/case-files';
import { type MyCaseItem, MyCases } from '../application/my-cases';
import { Timeline, type TimelineEntry } from '../application/timeline';

/** The coach's own cases (issue 14): every client a page shows is recorded in the access log. */
@ApiTags('worklists')
@Controller('case-planning/worklists')
export class MyCasesController {
  constructor(
    private readonly cases: MyCases,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get('my-cases')
  @Roles('coach')
  @AccessLogged({ part: 'case-file', purpose: 'case_direction', clientId: { items: 'items', fields: ['clientId', 'childIds'] } })
  @ApiOperation({ summary: 'The case files you direct or coach, open or under a waakvlam, the nearest deadline first (each client shown is recorded in the access log)' })
  @ApiOkResponse({ description: 'A page of case files: ids, codes and dates.' })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page or pageSize at fault (field).' })
  myCases(@Query() query: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<MyCaseItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.cases.of(user.organisation, user.userId, query);
  }
}

/** The case file's history as one timeline: who decided what, when, on whose behalf and why. */
@ApiTags('case-files')
@Controller('case-files')
export class CaseTimelineController {
  constructor(
    private readonly queries: QueryBus,
    private readonly timeline: Timeline,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get(':caseFileId/timeline')
  @Roles('coach', 'team-coordinator', 'behavioural-scientist', 'auditor')
  @AccessLogged({ part: 'case-file', purpose: 'case_direction' })
  @ApiOperation({ summary: "The timeline of a case file of your team, newest first: every decision with who, when, on whose behalf and why (codes only; the read is recorded in the access log)" })
  @ApiOkResponse({ description: 'A page of timeline entries.' })
  @ApiForbiddenResponse({ description: 'other_team: the case file belongs to another team.' })
  @ApiNotFoundResponse({ description: 'not_found: no case file with this id.' })
  @ApiUnprocessableEntityResponse({ description: 'page or pageSize at fault (field).' })
  async of(@UuidParam('caseFileId') caseFileId: string, @Query() query: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<TimelineEntry> & { caseFileId: string; clientId: string }> {
    const { state } = await this.queries.execute(new CaseFiles.Query(caseFileId));
    await this.teams.assertMayRead(user, state, 'case-file');
    // The client whose file was read, as the case file's own read logs it.
    return { caseFileId, clientId: state.clientId as string, ...(await this.timeline.of(caseFileId, query)) };
  }
}
