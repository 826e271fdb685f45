import { Controller, Get, Injectable, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { type AccessRequest, AccessLogged, RefusedClients } from '@wijkteam/audit';
import { type AuthenticatedUser, bearerTokenFrom, CurrentUser, Roles, UuidParam } from '@wijkteam/auth';
import { onBehalfOfUser } from '@wijkteam/runtime';
import { Clock, isUuid } from '@wijkteam/contracts';
import { type Asking, CaseAt, type CaseAtView, clientsOf } from '../application/case-at';
import { momentOf } from './reporting-reads';

/** The auditor's own token and the correlation id: every service asked verifies who asks. */
const askingOf = (request: AccessRequest): Asking =>
  onBehalfOfUser({ token: bearerTokenFrom(request.headers.authorization), correlationId: String(request.headers['x-correlation-id']) });

/** The clients of a case file a refused request named: its refusal is recorded on each of their files. */
@Injectable()
export class CaseFileClients extends RefusedClients {
  constructor(private readonly cases: CaseAt) {
    super();
  }

  async clientIdsOf(request: AccessRequest, _user: AuthenticatedUser): Promise<string[]> {
    const caseFileId = request.params?.caseFileId;
    if (!isUuid(caseFileId)) return [];
    const caseFile = await this.cases.caseFileOf(caseFileId.toLowerCase(), askingOf(request));
    return caseFile ? clientsOf(caseFile).map(({ clientId }) => clientId) : [];
  }
}

class ActorView {
  @ApiProperty() userId!: string;
  @ApiProperty() role!: string;
  @ApiProperty() organisation!: string;
}

class CaseEventView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ description: "Positie in de volgorde van de store." }) position!: string;
  @ApiProperty() stream!: string;
  @ApiProperty({ description: 'Revisie binnen de stream (vanaf 0).' }) revision!: string;
  @ApiProperty() type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ format: 'date-time', description: 'Wanneer de store het event vastlegde: bepaalt of het bij asOf hoort.' }) recordedAt!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: ActorView, description: 'Wie het besluit nam.' }) actor!: ActorView;
  @ApiPropertyOptional({ nullable: true, type: String }) onBehalfOf!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) purpose!: string | null;
  @ApiProperty() correlationId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) causationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'De niet-persoonlijke feiten; elk verzegeld veld is { "$pii": true }.' }) data!: Record<string, unknown>;
  @ApiProperty({ type: [String], description: 'De paden in data die verzegelde persoonsgegevens zijn (nooit geopend).' }) sealed!: string[];
}

class CaseStreamView {
  @ApiProperty() stream!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'De laatste revisie tot asOf; null: nog niets vastgelegd.' }) revision!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'De toestand volgens de decider van de dienst, tot asOf.' }) state!: unknown;
  @ApiProperty({ type: [String], description: 'De paden in state die verzegelde persoonsgegevens zijn.' }) sealed!: string[];
}

class CaseServicePartView {
  @ApiProperty({ enum: ['case-planning', 'intake', 'safety', 'consent'] }) service!: string;
  @ApiProperty({ type: [CaseStreamView] }) streams!: CaseStreamView[];
  @ApiProperty({ type: [CaseEventView], description: 'De events die tot deze toestand leidden, in de volgorde van de store.' }) events!: CaseEventView[];
}

class CaseClientView {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ enum: ['child', 'family_member'] }) relation!: string;
}

class CaseAtResponse {
  @ApiProperty({ format: 'uuid' }) caseFileId!: string;
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) teamId!: string | null;
  @ApiProperty({ type: [CaseClientView] }) clients!: CaseClientView[];
  @ApiProperty({ type: [CaseServicePartView] }) services!: CaseServicePartView[];
}

/**
 * Point in time for the auditor (issue 16): one case file as it was at a moment, every service's
 * part of it with the events that led there and who caused each. The auditor checks decisions, not
 * contents: personal fields stay sealed, and which ones are sealed is said. The read is recorded in
 * the access log of every client of the case; a refused attempt too (CaseFileClients finds them).
 */
@ApiTags('audit')
@Controller('audit/case-files')
export class CaseAtController {
  constructor(
    private readonly cases: CaseAt,
    private readonly clock: Clock,
  ) {}

  @Get(':caseFileId')
  @Roles('auditor')
  @AccessLogged({ part: 'case-file', purpose: 'audit', clientId: { items: 'clients', fields: ['clientId'] }, refusedClients: CaseFileClients })
  @ApiOperation({
    summary: "A case file as it was at asOf: per service (case planning, intake, safety, consent) each stream's state by its own decider and the events that led there, with who caused each; personal fields sealed (the read is recorded in the access log of every client of the case)",
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 date-time with offset (e.g. 2026-03-01T12:00:00Z), or a date: the end of that UTC day; absent: now. An event belongs when the store recorded it at or before this moment.' })
  @ApiOkResponse({ type: CaseAtResponse })
  @ApiBadRequestResponse({ description: 'invalid_as_of or as_of_in_future (field asOf); invalid_input (field caseFileId).' })
  @ApiForbiddenResponse({ description: 'Only an auditor; the refused attempt is recorded on the files of the case\'s clients.' })
  @ApiNotFoundResponse({ description: 'case_file_not_found: no case file with this id.' })
  @ApiServiceUnavailableResponse({ description: 'service_unavailable: a service did not answer for its part; no partial case is shown.' })
  of(@UuidParam('caseFileId') caseFileId: string, @Query('asOf') asOf: unknown, @CurrentUser() user: AuthenticatedUser, @Req() request: AccessRequest): Promise<CaseAtView> {
    return this.cases.of(caseFileId, new Date(momentOf(asOf, this.clock.now())), askingOf(request));
  }
}
