import { applyDecorators, Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Roles } from '@wijkteam/auth';
import { DomainError } from '@wijkteam/contracts';
import type { Response } from 'express';
import { Compliance, type Finding } from '../application/compliance';
import { ComplianceQueryDto, ComplianceSummaryQueryDto, ComplianceSummaryView, FindingsView } from './compliance.dto';
import { asCsv } from './reporting-reads';

const DESCRIPTION =
  'JSON, or CSV (RFC 4180, comma, header row) with `Accept: text/csv`. A finding names codes, a team, times and the ids and types of the events that show it: ' +
  'no client id, no case file id, no name. Reading findings reads no client file, so it appends no access event (as /audit/verification); following ' +
  'an event id into a case is a read of that case, logged there. Auditors only.';

const RESPONSES = applyDecorators(
  ApiProduces('application/json', 'text/csv'),
  ApiBadRequestResponse({ description: 'as_of_not_supported (field asOf): findings are judged against the history as it stands (refused by the HTTP edge, never ignored).' }),
  ApiForbiddenResponse({ description: 'Only an auditor.' }),
  ApiUnprocessableEntityResponse({ description: 'check, team, from or to at fault (field); date_range_reversed (field to).' }),
);

/** The compliance checks of issue 16 over reporting's `reporting_compliance` read model. */
@ApiTags('audit')
@Controller('audit/compliance')
export class ComplianceController {
  constructor(private readonly compliance: Compliance) {}

  @Get()
  @Roles('auditor')
  @RESPONSES
  @ApiOperation({
    summary: 'Compliance findings from the history, each with the events as evidence',
    description:
      'Disclosures without a permit or ground, warm handovers without consent, Meldcode steps and decisions without four eyes, changes of case direction without a reason ' +
      'that accounts for them, first visits (2 weeks) and plans (6 weeks after the file opened) past their deadline — late, still open, or missed at closure — and consents ' +
      'used after their withdrawal or expiry, or for a client after erasure. Oldest first. ' +
      DESCRIPTION,
  })
  @ApiOkResponse({ type: FindingsView, description: 'The findings as JSON, or as CSV (one line per finding; evidence as `type eventId at` separated by `; `) with Accept: text/csv.' })
  async findings(@Query() query: ComplianceQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response): Promise<FindingsView | string> {
    checkRange(query);
    const findings = await this.compliance.findings(query);
    const view = { check: query.check ?? null, team: query.team ?? null, from: query.from ?? null, to: query.to ?? null, findings };
    if (!accept?.includes('text/csv')) return view;
    return asCsv({ columns: ['check', 'detail', 'team', 'at', 'due', 'evidence'], rows: findings.map(csvRow) }, 'compliance', response);
  }

  @Get('summary')
  @Roles('auditor')
  @RESPONSES
  @ApiOperation({ summary: 'How many findings of each check: every check listed, so a clean history visibly shows zero', description: DESCRIPTION })
  @ApiOkResponse({ type: ComplianceSummaryView, description: 'One count per check as JSON, or as CSV (check,count) with Accept: text/csv.' })
  async summary(@Query() query: ComplianceSummaryQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) response: Response): Promise<ComplianceSummaryView | string> {
    checkRange(query);
    const checks = await this.compliance.summary(query);
    if (!accept?.includes('text/csv')) return { team: query.team ?? null, from: query.from ?? null, to: query.to ?? null, checks };
    return asCsv({ columns: ['check', 'count'], rows: checks.map(({ check, count }) => ({ check, count })) }, 'compliance-summary', response);
  }
}

function checkRange(query: ComplianceSummaryQueryDto): void {
  if (query.from && query.to && query.from > query.to) throw new DomainError('date_range_reversed', 'unprocessable', 'to');
}

function csvRow({ check, detail, team, at, due, evidence }: Finding): Record<string, string | null> {
  return { check, detail, team, at, due, evidence: evidence.map((shown) => `${shown.type} ${shown.eventId} ${shown.at}`).join('; ') };
}
