import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { Clock, type CommandContext, type Page, RequestContext } from '@wijkteam/runtime';
import { TurningEighteen, type TurningEighteenItem } from '../application/turning-eighteen';
import { CasePlanningSettings } from '../case-planning.settings';
import { TurningEighteenQueryDto } from './transition.dto';

/**
 * The team's 18-/18+ list (seed 004), a read of each youth it shows (NEN 7513): every client listed
 * is recorded in the access log. Paged like intake's worklists.
 */
@ApiTags('worklists')
@Controller('case-planning/worklists')
export class TurningEighteenController {
  constructor(
    private readonly list: TurningEighteen,
    private readonly teams: TeamFileAccess,
    private readonly clock: Clock,
    @Inject(CasePlanningSettings.token) private readonly settings: CasePlanningSettings,
  ) {}

  @Get('turning-18')
  @Roles('coach', 'team-coordinator')
  @AccessLogged({ part: 'transition', clientId: { items: 'items', fields: ['clientId'] } })
  @ApiOperation({ summary: "Your team's youths turning 18 within the horizon, and those past 18 without a transition question (overdue)" })
  @ApiOkResponse({ description: "Month of the 18th birthday (YYYY-MM); the day only for the file's director and coaches; never the birth date." })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'horizonMonths (1-24), page or pageSize at fault (field).' })
  @ApiServiceUnavailableResponse({ description: 'intake unreachable.' })
  turning18(@Query() query: TurningEighteenQueryDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext): Promise<Page<TurningEighteenItem>> {
    this.teams.assertYouthTeamMember(user);
    const horizonMonths = query.horizonMonths ?? this.settings.CASE_PLANNING_TRANSITION_HORIZON_MONTHS;
    return this.list.list(user, { horizonMonths, page: query.page, pageSize: query.pageSize }, this.clock.now().toISOString().slice(0, 10), context);
  }
}
