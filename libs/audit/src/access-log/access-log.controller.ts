import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, UuidParam } from '@wijkteam/auth';
import { AccessLogBook } from './access-log-book';
import { type AccessLogListing, AccessLogListingView } from './access-log-entry';
import { AccessLogged } from './access-logged.decorator';

/**
 * "Who saw my file" (NEN 7513), from the logs of every service this process hosts, with the refused
 * attempts on it (another team's coach, …). Reading the access log is itself a logged read of the file.
 */
@ApiTags('audit')
@Controller('clients')
export class AccessLogController {
  constructor(private readonly book: AccessLogBook) {}

  @Get(':clientId/access-log')
  @Roles('team-coordinator', 'auditor', 'privacy-officer')
  @AccessLogged({ part: 'access-log', purpose: 'audit', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: 'Every recorded read of the client\'s file and every refused attempt on it (kind accessed or refused), oldest first (this read is recorded too)' })
  @ApiOkResponse({ type: AccessLogListingView, isArray: true })
  list(@UuidParam('clientId') clientId: string): Promise<AccessLogListing[]> {
    return this.book.historyForClient(clientId.toLowerCase());
  }
}
