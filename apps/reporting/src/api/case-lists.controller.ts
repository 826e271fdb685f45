import { applyDecorators, Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { Clock } from '@wijkteam/contracts';
import type { Response } from 'express';
import { CaseLists, type ListQuery } from '../application/case-lists';
import { CaseloadQueryDto, EvaluationsQueryDto, ListQueryDto, ListTableView } from './case-lists.dto';
import { answerAs, momentOf, teamFor } from './reporting-reads';

const DESCRIPTION =
  'As the list stood now, or at `asOf` (the same rows answer both: a fact counts at T when it began at or before T and had not ended at T; a deadline is past when T\'s UTC day is after it). ' +
  'JSON, or CSV (RFC 4180, comma, header row) with `Accept: text/csv`. Rows hold ids (case file, referral, coach user id), team codes, codes, dates and counts: no client id, no name, no content, ' +
  'so reading a list reads no client file and appends no access event (opening a case file does, in case planning). ' +
  "A team coordinator sees their own team (another team: 403 other_team); an auditor any team, and without `team` every team, including 'unattributed' (files or referrals from before teams were named).";

const LIST_RESPONSES = applyDecorators(
  ApiProduces('application/json', 'text/csv'),
  ApiOkResponse({ type: ListTableView, description: 'The list as JSON, or as CSV with Accept: text/csv.' }),
  ApiBadRequestResponse({ description: 'invalid_as_of or as_of_in_future (field asOf).' }),
  ApiForbiddenResponse({ description: "other_team (field team): a coordinator asked for another team's list; 403 for other roles." }),
  ApiUnprocessableEntityResponse({ description: 'team (or by, withinDays) at fault (field).' }),
);

/** Issue 16: reporting's lists of the work of intake and case planning, now and as of any moment. */
@ApiTags('reporting')
@Controller('reporting/lists')
export class CaseListsController {
  constructor(
    private readonly lists: CaseLists,
    private readonly clock: Clock,
  ) {}

  @Get('waiting-list')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({ summary: 'The waiting list (seed 004): referrals waitlisted and not yet accepted, declined or removed, with priority and days waiting', description: DESCRIPTION })
  @LIST_RESPONSES
  async waitingList(@Query() query: ListQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return answerAs(await this.lists.waitingList(this.queryOf(query, user)), 'waiting-list', accept, response);
  }

  @Get('caseload')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({
    summary: 'Caseload: open case files per coach (as case director or assigned coach) or per team',
    description: `${DESCRIPTION} Per coach: caseFiles (distinct), directing, assigned. Per team: caseFiles and the coaches holding them.`,
  })
  @LIST_RESPONSES
  async caseload(@Query() query: CaseloadQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return answerAs(await this.lists.caseload(this.queryOf(query, user), query.by ?? 'coach'), 'caseload', accept, response);
  }

  @Get('first-visits-overdue')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({ summary: "First visits overdue (seed 000: within 2 weeks of the referral, or by the case conference's date): open files without a first visit", description: DESCRIPTION })
  @LIST_RESPONSES
  async firstVisitsOverdue(@Query() query: ListQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return answerAs(await this.lists.firstVisitsOverdue(this.queryOf(query, user)), 'first-visits-overdue', accept, response);
  }

  @Get('plans-overdue')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({ summary: 'Plans overdue (seed 000: a plan of approach agreed within 6 weeks of the referral): open files without an agreed plan', description: DESCRIPTION })
  @LIST_RESPONSES
  async plansOverdue(@Query() query: ListQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return answerAs(await this.lists.plansOverdue(this.queryOf(query, user)), 'plans-overdue', accept, response);
  }

  @Get('evaluations')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({
    summary: 'Evaluations due and overdue (seed 000: 3 and 6 months after the referral, then every 3 months): the next evaluation of each open file',
    description: `${DESCRIPTION} status overdue: its date has passed; due: it falls within withinDays (default 28). plan: none, agreed, or revised and not agreed again.`,
  })
  @LIST_RESPONSES
  async evaluations(@Query() query: EvaluationsQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return answerAs(await this.lists.evaluations(this.queryOf(query, user), query.withinDays ?? 28), 'evaluations', accept, response);
  }

  /** The moment is checked before the team, so a bad asOf is a 400 whoever asks. */
  private queryOf(query: ListQueryDto, user: AuthenticatedUser): ListQuery {
    const at = momentOf(query.asOf, this.clock.now());
    return { team: teamFor(user, query.team), at };
  }
}
