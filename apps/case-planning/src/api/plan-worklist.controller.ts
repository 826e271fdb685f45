import { Controller, Get, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { Clock, type Page, PageQueryDto } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { type PlanWorklistItem, PlanWorklists } from '../application/plan-worklists';

/** `?page=1&pageSize=50`, as every list of clients. */
export class PlanWorklistQueryDto extends PageQueryDto {}

export class EvaluationsDueQueryDto extends PlanWorklistQueryDto {
  @ApiPropertyOptional({ description: 'Evaluaties die binnen zoveel dagen vallen (achterstallige altijd).', default: 14, minimum: 0, maximum: 92 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(92)
  withinDays: number = 14;
}

/** A list of clients is a read of each client's file (NEN 7513): every client a page shows is recorded. */
const LOGGED_AS_READS = AccessLogged({ part: 'plan', clientId: { items: 'items', fields: ['clientId', 'childIds'] } });

/** The team's plan and evaluation worklists (seed 000 deadlines): the caller's own team only, paged. */
@ApiTags('worklists')
@Controller('case-planning/worklists')
export class PlanWorklistController {
  constructor(
    private readonly worklists: PlanWorklists,
    private readonly teams: TeamFileAccess,
    private readonly clock: Clock,
  ) {}

  @Get('overdue-plans')
  @Roles('coach', 'team-coordinator')
  @LOGGED_AS_READS
  @ApiOperation({ summary: "Your team's open case files without an agreed plan six weeks after the referral (each client shown is recorded in the access log)" })
  @ApiOkResponse({ description: 'A page of case files: ids, codes and dates.' })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page or pageSize at fault (field).' })
  overduePlans(@Query() query: PlanWorklistQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<PlanWorklistItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.worklists.overduePlans(user.organisation, this.today(), query);
  }

  @Get('evaluations-due')
  @Roles('coach', 'team-coordinator')
  @LOGGED_AS_READS
  @ApiOperation({ summary: "Your team's evaluations due (3 and 6 months after the referral, then every 3 months), the earliest first" })
  @ApiOkResponse({ description: 'A page of case files with their next evaluation.' })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page, pageSize or withinDays at fault (field).' })
  evaluationsDue(@Query() query: EvaluationsDueQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<PlanWorklistItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.worklists.evaluationsDue(user.organisation, this.today(), query.withinDays, query);
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
