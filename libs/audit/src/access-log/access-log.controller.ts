import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, UuidParam } from '@wijkteam/auth';
import { AccessLogBook } from './access-log-book';
import { type AccessLogEntry, AccessLogEntryView } from './access-log-entry';
import { AccessLogged } from './access-logged.decorator';

/**
 * "Who saw my file" (NEN 7513), from the logs of every service this process hosts. Reading the
 * access log is itself a logged read of the file.
 */
@ApiTags('audit')
@Controller('clients')
export class AccessLogController {
  constructor(private readonly book: AccessLogBook) {}

  @Get(':clientId/access-log')
  @Roles('team-coordinator', 'auditor')
  @AccessLogged({ part: 'access-log', purpose: 'audit', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: 'Every recorded read of the client\'s file, oldest first (this read is recorded too)' })
  @ApiOkResponse({ type: AccessLogEntryView, isArray: true })
  list(@UuidParam('clientId') clientId: string): Promise<AccessLogEntry[]> {
    return this.book.listForClient(clientId.toLowerCase());
  }
}
