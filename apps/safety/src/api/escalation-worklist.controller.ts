import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type Page, PageQueryDto } from '@wijkteam/runtime';
import { type EscalationWorklistItem, EscalationWorklist } from '../application/escalation-worklist';

/** `?page=1&pageSize=50`, as every list of clients. */
export class EscalationWorklistQueryDto extends PageQueryDto {}

/** The team's open escalations (seeds 000/002): awaiting a second professional or the receiving party's answer. */
@ApiTags('worklists')
@Controller('safety/worklists')
export class EscalationWorklistController {
  constructor(
    private readonly worklist: EscalationWorklist,
    private readonly teams: TeamFileAccess,
  ) {}

  @Get('escalations')
  @Roles('coach', 'behavioural-scientist', 'team-coordinator')
  // A list of clients is a read of each client's file (NEN 7513): every client a page shows is recorded.
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment', clientId: { items: 'items', fields: ['clientId', 'childIds'] } })
  @ApiOperation({ summary: "Your team's open escalations, the oldest first (each client shown is recorded in the access log)" })
  @ApiOkResponse({ description: 'A page of escalations: ids, codes and dates.' })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page or pageSize at fault (field).' })
  escalations(@Query() query: EscalationWorklistQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<EscalationWorklistItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.worklist.open(user.organisation, query);
  }
}
