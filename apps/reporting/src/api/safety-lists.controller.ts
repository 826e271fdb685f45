import { applyDecorators, type CallHandler, Controller, type ExecutionContext, Get, Injectable, type NestInterceptor, Query, UseInterceptors } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiServiceUnavailableResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AccessLogged } from '@wijkteam/audit';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { Clock } from '@wijkteam/contracts';
import { type CommandContext, RequestContext } from '@wijkteam/runtime';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { type ListQuery, type ListTable, SafetyLists } from '../application/safety-lists';
import { toCsv } from './csv';
import { momentOf, teamFor } from './reporting-reads';
import { ListTableView, SafetyListQueryDto, TurningEighteenListQueryDto } from './safety-lists.dto';

/**
 * `Accept: text/csv`: the list as CSV (csv.ts), after the access log recorded the clients it
 * shows (a class interceptor runs around the route's own, so the log reads the rows, not the text).
 */
@Injectable()
class CsvWhenAccepted implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    if (!http.getRequest<Request>().headers.accept?.includes('text/csv')) return next.handle();
    const response = http.getResponse<Response>();
    return next.handle().pipe(
      map((table: ListTable) => {
        response.setHeader('Content-Type', 'text/csv; charset=utf-8');
        response.setHeader('Content-Disposition', `attachment; filename="${table.list}.csv"`);
        return toCsv(table);
      }),
    );
  }
}

const DESCRIPTION =
  'Now, or as it stood at the moment `asOf` (an entry counts when it started at or before that moment and had not ended then; overdue is judged against it). ' +
  'JSON, or CSV (RFC 4180, header row) with `Accept: text/csv`. Ids, codes and dates only. ' +
  "A team coordinator sees their own team (another team: 403 other_team); an auditor any team, and without `team` every team, including 'unattributed' " +
  '(a file whose opening has not reached reporting yet, or opened before teams were named).';
const LOGGED = ' Each client the page shows is recorded in the access log (NEN 7513).';

const LIST_RESPONSES = applyDecorators(
  ApiProduces('application/json', 'text/csv'),
  ApiOkResponse({ type: ListTableView, description: 'The list as JSON, or as CSV with Accept: text/csv.' }),
  ApiBadRequestResponse({ description: 'invalid_as_of (field asOf): not an ISO 8601 date or date-time; as_of_in_future (field asOf).' }),
  ApiForbiddenResponse({ description: "other_team (field team): a coordinator asked for another team's list; 403 for other roles." }),
  ApiUnprocessableEntityResponse({ description: 'team, page, pageSize or horizonMonths at fault (field).' }),
);

/** The clients a list shows, for the access log: a row whose file has not reached reporting names none. */
const LOGGED_AS_READS = AccessLogged({
  part: 'safety',
  purpose: 'audit',
  clientId: { select: (body) => (body as ListTable).rows.map((row) => row.clientId).filter((id) => id !== null) },
});

/** Reporting's safety and 18-/18+ lists (issue 16), from its bus-fed read models, now or at a moment. */
@ApiTags('reporting')
@Controller('reporting/lists')
@UseInterceptors(CsvWhenAccepted)
export class SafetyListsController {
  constructor(
    private readonly lists: SafetyLists,
    private readonly clock: Clock,
  ) {}

  @Get('safety-plans-missing')
  @Roles('team-coordinator', 'auditor')
  @LOGGED_AS_READS
  @ApiOperation({ summary: 'seed 000: ETM 5 without a safety plan, on open case files, with the due day and whether it passed', description: DESCRIPTION + LOGGED })
  @LIST_RESPONSES
  safetyPlansMissing(@Query() query: SafetyListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.paged(this.lists.safetyPlansMissing(this.listQuery(query, user)), query);
  }

  @Get('meldcode-open')
  @Roles('team-coordinator', 'auditor')
  @LOGGED_AS_READS
  @ApiOperation({ summary: 'seeds 000, 002: open Meldcode trajectories, the last step completed and since when', description: DESCRIPTION + LOGGED })
  @LIST_RESPONSES
  meldcodeOpen(@Query() query: SafetyListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.paged(this.lists.meldcodeOpen(this.listQuery(query, user)), query);
  }

  @Get('escalations-open')
  @Roles('team-coordinator', 'auditor')
  @LOGGED_AS_READS
  @ApiOperation({ summary: 'seeds 000, 002: escalations raised and not yet resolved, with target, reason and receiving party', description: DESCRIPTION + LOGGED })
  @LIST_RESPONSES
  escalationsOpen(@Query() query: SafetyListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.paged(this.lists.escalationsOpen(this.listQuery(query, user)), query);
  }

  @Get('turning-18')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({
    summary: 'seed 004: youths of open case files turning 18 within the horizon (or past 18 without the transition question), counted per team, month of the 18th birthday and transition status',
    description:
      DESCRIPTION.replace('Ids, codes and dates only.', 'Counts only: no client id, no name, no birth date.') +
      ' The months are asked of intake at each read and never kept by reporting; a youth whose birth date intake does not hold is not counted. Shows no client, so it appends no access event.',
  })
  @LIST_RESPONSES
  @ApiServiceUnavailableResponse({ description: 'intake unreachable.' })
  turningEighteen(@Query() query: TurningEighteenListQueryDto, @CurrentUser() user: AuthenticatedUser, @RequestContext() context: CommandContext): Promise<ListTable> {
    return this.lists.turningEighteen(this.listQuery(query, user), query.horizonMonths, context);
  }

  private listQuery(query: { team?: string; asOf?: unknown }, user: AuthenticatedUser): ListQuery {
    return { team: teamFor(user, query.team), asOf: momentOf(query.asOf, this.clock.now()) };
  }

  private async paged(list: Promise<ListTable>, { page, pageSize }: SafetyListQueryDto): Promise<ListTable & { page: number; pageSize: number; total: number }> {
    const table = await list;
    const start = (page - 1) * pageSize;
    return { ...table, rows: table.rows.slice(start, start + pageSize), page, pageSize, total: table.rows.length };
  }
}
