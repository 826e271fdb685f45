import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles, UuidParam } from '@wijkteam/auth';
import { AccessLog } from './access-log';
import { type AccessLogEntry, AccessLogEntryView } from './access-log-entry';
import { AccessLogged } from './access-logged.decorator';

/** "Who saw my file" (NEN 7513). Reading the access log is itself a logged read of the file. */
@ApiTags('audit')
@Controller('clients')
export class AccessLogController {
  constructor(private readonly log: AccessLog) {}

  @Get(':clientId/access-log')
  @Roles('team-coordinator', 'auditor')
  @AccessLogged({ part: 'access-log', purpose: 'audit', clientId: { param: 'clientId' } })
  @ApiOperation({ summary: 'Every recorded read of the client\'s file, oldest first (this read is recorded too)' })
  @ApiOkResponse({ type: AccessLogEntryView, isArray: true })
  list(@UuidParam('clientId') clientId: string): Promise<AccessLogEntry[]> {
    return this.log.listForClient(clientId.toLowerCase());
  }
}
