import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { ProjectionHost } from '@wijkteam/projections';
import { Clock, type Page, PageQueryDto } from '@wijkteam/runtime';
import { type MissingSafetyPlan, safetyPlansMissing } from '../projections/safety-plan-deadlines.projection';

/**
 * Safety's worklists: always the caller's own team, only for Jeugdteam members (seed 004). A list of
 * clients is a read of each client's file (NEN 7513): every client a page shows is logged.
 */
@ApiTags('worklists')
@Controller('safety/worklists')
export class SafetyWorklistController {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly teams: TeamFileAccess,
    private readonly clock: Clock,
  ) {}

  /** seed 000: at ETM 5 a safety plan must be made; overdue after SAFETY_PLAN_DAYS, against today's clock. */
  @Get('safety-plans-missing')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment', clientId: { items: 'items', fields: ['clientId', 'childIds'] } })
  @ApiOperation({ summary: "Your team's open case files with ETM 5 whose safety plan is not recorded, the earliest deadline first (each client shown is recorded in the access log)" })
  @ApiOkResponse({ description: 'A page of case files: ids, the ETM 5 assessment, the deadline, whether it passed, whether the CIT decision was recorded.' })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page or pageSize at fault (field).' })
  safetyPlansMissing(@Query() query: PageQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<MissingSafetyPlan>> {
    this.teams.assertYouthTeamMember(user);
    return safetyPlansMissing(this.projections.db.manager, user.organisation, this.clock.now().toISOString().slice(0, 10), query);
  }
}
