import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { ProjectionHost } from '@wijkteam/projections';
import { type Page, PageQueryDto } from '@wijkteam/runtime';
import { type MeldcodeWorklistItem, openMeldcodeTrajectories } from '../projections/meldcode-worklist.projection';

/** `?page=1&pageSize=50`, as every list of clients. */
export class MeldcodeWorklistQueryDto extends PageQueryDto {}

/**
 * The team's open Meldcode trajectories with the step each is at (seeds 000, 002), from the
 * meldcode_worklist read model: the caller's own team only, paged. A list of clients is a read of
 * each client's file (NEN 7513): every child a page shows is recorded in the access log.
 */
@ApiTags('worklists')
@Controller('safety/worklists')
export class MeldcodeWorklistController {
  constructor(
    private readonly projections: ProjectionHost,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get('meldcode')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment', clientId: { items: 'items', fields: ['clientId'] } })
  @ApiOperation({ summary: "Your team's open Meldcode trajectories and their current step, the longest running first (each client shown is recorded in the access log)" })
  @ApiOkResponse({ description: 'A page of trajectories: ids, the step, whether it awaits a second professional, dates.' })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page or pageSize at fault (field).' })
  meldcode(@Query() query: MeldcodeWorklistQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<MeldcodeWorklistItem>> {
    this.teams.assertYouthTeamMember(user);
    return openMeldcodeTrajectories(this.projections.db.manager, user.organisation, query);
  }
}
