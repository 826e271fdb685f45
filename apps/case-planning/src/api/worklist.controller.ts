import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { Clock, PageQueryDto } from '@wijkteam/runtime';
import { ProjectionHost } from '@wijkteam/projections';
import { type OverduePage, overdueFirstVisits } from '../projections/first-visit-deadlines.projection';

/**
 * Case planning's worklists: always the caller's own team, only for Jeugdteam members (seed 004).
 * A list of clients is a read of each client's file (NEN 7513): every client a page shows is logged.
 */
@ApiTags('worklists')
@Controller('case-planning/worklists')
export class CasePlanningWorklistController {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly teams: TeamFileAccess,
    private readonly clock: Clock,
  ) {}

  /** seed 000: the first visit within 2 weeks of the referral; overdue against today's clock. */
  @Get('overdue-first-visits')
  @Roles('coach', 'team-coordinator')
  @AccessLogged({ part: 'first-visit', purpose: 'care_delivery', clientId: { items: 'items', fields: ['clientId', 'childIds'] } })
  @ApiOperation({ summary: "Your team's open case files whose first visit is overdue (not held, due before today), most overdue first" })
  @ApiOkResponse({ description: 'A page of case files: ids, the referral and due dates, days overdue.' })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page or pageSize at fault (field).' })
  overdueFirstVisits(@Query() query: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<OverduePage> {
    this.teams.assertYouthTeamMember(user);
    return overdueFirstVisits(this.projections.db.manager, user.organisation, this.clock.now().toISOString().slice(0, 10), query);
  }
}
