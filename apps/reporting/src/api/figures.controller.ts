import { applyDecorators, Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { DomainError } from '@wijkteam/contracts';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import type { Response } from 'express';
import { type FigureName, Figures, type FigureTable } from '../application/figures';
import { toCsv } from './csv';
import { FiguresQueryDto, FigureTableView } from './figures.dto';
import { teamFor } from './team-scope';

/** Figures are counts per month: there is no earlier state of them to answer for (issue 16: refused, never ignored). */
class AsOfNotSupported extends Error {
  readonly code = 'as_of_not_supported';
  readonly httpStatus = 400;
  readonly field = 'asOf';
  constructor() {
    super('as_of_not_supported: asOf');
  }
}

const DESCRIPTION =
  'Counts per team, calendar month (UTC) and code; JSON, or CSV (RFC 4180, comma, header row) with `Accept: text/csv`. ' +
  'A figure holds codes and counts only, no client id and no name: reading one reads no client file, so it appends no access event. ' +
  "A team coordinator sees their own team (another team: 403 other_team); an auditor any team, and without `team` every team, including 'unattributed' " +
  '(facts whose team is not known: events from before teams were named, or a client whose referral or case file has not reached reporting yet).';

const FIGURE_RESPONSES = applyDecorators(
  ApiProduces('application/json', 'text/csv'),
  ApiOkResponse({ type: FigureTableView, description: 'The figure as JSON, or as CSV with Accept: text/csv.' }),
  ApiBadRequestResponse({ description: 'as_of_not_supported (field asOf): figures have no point in time.' }),
  ApiForbiddenResponse({ description: "other_team (field team): a coordinator asked for another team's figures; 403 for other roles." }),
  ApiUnprocessableEntityResponse({ description: 'team, from or to at fault (field); month_range_reversed (field to).' }),
);

/** The management figures of issue 16, from reporting's bus-fed read models. */
@ApiTags('reporting')
@Controller('reporting/figures')
export class FiguresController {
  constructor(private readonly figures: Figures) {}

  @Get('referrals')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({ summary: "Referrals by route and outcome (received, accepted, declined, waitlisted), per team and month of intake's decision", description: DESCRIPTION })
  @FIGURE_RESPONSES
  referrals(@Query() query: FiguresQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.answer('referrals', query, user, accept, response);
  }

  @Get('closures')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({ summary: 'Case-file closures by reason, per team and month of closing', description: DESCRIPTION })
  @FIGURE_RESPONSES
  closures(@Query() query: FiguresQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.answer('closures', query, user, accept, response);
  }

  @Get('consents')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({ summary: "Consents granted, refused and withdrawn by purpose, per team (the client's referral or case file) and month", description: DESCRIPTION })
  @FIGURE_RESPONSES
  consents(@Query() query: FiguresQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.answer('consents', query, user, accept, response);
  }

  @Get('disclosures')
  @Roles('team-coordinator', 'auditor')
  @ApiOperation({ summary: 'Disclosure decisions (permit, deny) and disclosures made, by ground (consent, a legal ground, none), per team and month', description: DESCRIPTION })
  @FIGURE_RESPONSES
  disclosures(@Query() query: FiguresQueryDto, @CurrentUser() user: AuthenticatedUser, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response) {
    return this.answer('disclosures', query, user, accept, response);
  }

  private async answer(figure: FigureName, query: FiguresQueryDto, user: AuthenticatedUser, accept: string | undefined, response: Response): Promise<FigureTable | string> {
    if (query.asOf !== undefined) throw new AsOfNotSupported();
    if (query.from && query.to && query.from > query.to) throw new DomainError('month_range_reversed', 'unprocessable', 'to');
    const table = await this.figures.table(figure, { team: teamFor(user, query.team), from: query.from, to: query.to });
    if (!accept?.includes('text/csv')) return table;
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${figure}.csv"`);
    return toCsv(table);
  }
}
