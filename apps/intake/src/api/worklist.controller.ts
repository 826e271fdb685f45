import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged, TeamFileAccess } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { Clock } from '@wijkteam/runtime';
import { type Page, type WaitingListItem, type WorklistItem, Worklists } from '../application/worklists';
import { conferenceDatesFrom, previousConferenceDate } from '../domain/case-conference';
import { IntakeSettings } from '../intake.settings';
import { CaseConferencePageView, CaseConferenceQueryDto, WaitingListPageView, WaitingListQueryDto, WorklistPageView, WorklistQueryDto } from './worklist.dto';

/** A list of clients is a read of each client's file (NEN 7513): every client a page shows is recorded. */
const LOGGED_AS_READS = AccessLogged({ part: 'referral', clientId: { items: 'items', fields: ['clientId', 'childIds'] } });

/**
 * The team's worklists (issue 13): always the caller's own team (its organisation code), only for
 * Jeugdteam members (seed 004), paged `?page=1&pageSize=50` (at most 100), ids and codes only.
 */
@ApiTags('worklists')
@Controller('worklists')
export class WorklistController {
  constructor(
    private readonly worklists: Worklists,
    private readonly teams: TeamFileAccess,
    private readonly clock: Clock,
    @Inject(IntakeSettings.token) private readonly settings: IntakeSettings,
  ) {}

  @Get('new-referrals')
  @Roles('front-office', 'coach', 'team-coordinator')
  @LOGGED_AS_READS
  @ApiOperation({ summary: "New referrals of your team: received and no coaches yet, newest first (each client shown is recorded in the access log)" })
  @ApiOkResponse({ type: WorklistPageView })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page, pageSize or route at fault (field).' })
  newReferrals(@Query() query: WorklistQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<WorklistItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.worklists.newReferrals(user.organisation, query, query);
  }

  @Get('waiting-list')
  @Roles('coach', 'team-coordinator', 'front-office')
  @LOGGED_AS_READS
  @ApiOperation({ summary: "Your team's waiting list: urgent first (Veilig Thuis, ETM 5), then the oldest referral, with the days each has waited" })
  @ApiOkResponse({ type: WaitingListPageView })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page, pageSize, route or priority at fault (field).' })
  waitingList(@Query() query: WaitingListQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<WaitingListItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.worklists.waitingList(user.organisation, query, query, this.clock.now());
  }

  @Get('case-conference')
  @Roles('coach', 'team-coordinator')
  @LOGGED_AS_READS
  @ApiOperation({ summary: 'The agenda of a case conference (default: the next): referrals received since the previous one without coaches, and those marked for discussion' })
  @ApiOkResponse({ type: CaseConferencePageView })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'date (YYYY-MM-DD), page, pageSize or route at fault (field).' })
  async caseConference(@Query() query: CaseConferenceQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<WorklistItem> & { date: string; previousDate: string }> {
    this.teams.assertYouthTeamMember(user);
    const days = this.settings.INTAKE_CONFERENCE_DAYS;
    const window = query.date ? { date: query.date, previousDate: previousConferenceDate(days, query.date) } : conferenceDatesFrom(days, this.today());
    return { ...(await this.worklists.caseConference(user.organisation, window, query, query)), ...window };
  }

  @Get('my-referrals')
  @Roles('coach')
  @LOGGED_AS_READS
  @ApiOperation({ summary: 'The referrals you are assigned to as coach, not declined or withdrawn; first visit due first' })
  @ApiOkResponse({ type: WorklistPageView })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page, pageSize or route at fault (field).' })
  myReferrals(@Query() query: WorklistQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<WorklistItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.worklists.myReferrals(user.organisation, user.userId, query, query);
  }

  @Get('in-doubt')
  @Roles('team-coordinator')
  @LOGGED_AS_READS
  @ApiOperation({ summary: "Your team's open referrals marked in doubt, for consultation with the referrer; oldest first" })
  @ApiOkResponse({ type: WorklistPageView })
  @ApiForbiddenResponse({ description: 'other_team: not a member of a Jeugdteam.' })
  @ApiUnprocessableEntityResponse({ description: 'page, pageSize or route at fault (field).' })
  inDoubt(@Query() query: WorklistQueryDto, @CurrentUser() user: AuthenticatedUser): Promise<Page<WorklistItem>> {
    this.teams.assertYouthTeamMember(user);
    return this.worklists.inDoubt(user.organisation, query, query);
  }

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }
}
