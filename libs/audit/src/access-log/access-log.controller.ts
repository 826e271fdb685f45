import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto, Roles, UuidParam } from '@wijkteam/auth';
import { AccessLogBook } from './access-log-book';
import { type AccessLogPage, AccessLogPageView } from './access-log-entry';
import { AccessLogged } from './access-logged.decorator';

/**
 * "Who saw my file" (NEN 7513), from the logs of every service (AccessLogBook: the hosted ones read
 * here, the others asked), with the refused attempts on it (another team's coach, a role without
 * access, …). Reading the access log is itself a logged read of the file. A team coordinator may
 * read it too: the coordinator answers a family's "who saw my file" for the team.
 */
@ApiTags('audit')
@Controller('clients')
export class AccessLogController {
  constructor(private readonly book: AccessLogBook) {}

  @Get(':clientId/access-log')
  @Roles('team-coordinator', 'auditor', 'privacy-officer')
  @AccessLogged({ part: 'access-log', purpose: 'audit', clientId: { param: 'clientId' } })
  @ApiOperation({
    summary: "Every recorded read of the client's file and every refused attempt on it (kind accessed or refused), by every service, oldest first, paged (this read is recorded too)",
  })
  @ApiOkResponse({ type: AccessLogPageView })
  @ApiServiceUnavailableResponse({ description: 'service_unavailable: a service did not answer for its access log; no partial log is shown.' })
  list(@UuidParam('clientId') clientId: string, @Query() query: PageQueryDto): Promise<AccessLogPage> {
    return this.book.pageForClient(clientId.toLowerCase(), query.page, query.pageSize);
  }
}
