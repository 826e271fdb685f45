import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { RoleRefusals } from '@wijkteam/auth';
import { Clock, IdGenerator, type StreamOwner } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { AccessLog } from './access-log/access-log';
import { AccessLogBook } from './access-log/access-log-book';
import { AccessLogController } from './access-log/access-log.controller';
import { accessLogRepliesFor } from './access-log/access-log-replies';
import { AccessRequestScope } from './access-log/access-request';
import { AccessLogRoleRefusals } from './access-log/role-refusals';
import { TeamFileAccess } from './access-log/team-file-access';

/**
 * Who saw a client's file. Once per process (`forRoot`, global): the "who saw my file" route over the
 * access logs of every service (AccessLogBook), the recording of role refusals for the roles guard,
 * and the request scope that gives every access event its on-behalf-of. Once per service
 * (`forService`, imported by the service's module): that service's access log, writing the service's
 * own streams, so that five services in one process (the platform) still write five sets of streams,
 * as five deployments would, and its request/reply answer `<service>.access-log` for the others.
 * Uses EVENT_STORE, Clock and IdGenerator of the global RuntimeModule.
 */
@Module({})
export class AuditModule {
  static forRoot(): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      imports: [DiscoveryModule],
      controllers: [AccessLogController],
      providers: [
        AccessLogBook,
        AccessLogRoleRefusals,
        { provide: RoleRefusals, useExisting: AccessLogRoleRefusals },
        { provide: APP_INTERCEPTOR, useClass: AccessRequestScope },
      ],
      exports: [AccessLogBook, RoleRefusals],
    };
  }

  /** The access log of one service, and its team-separation check (TeamFileAccess). */
  static forService(owner: StreamOwner): DynamicModule {
    return {
      module: AuditModule,
      controllers: [accessLogRepliesFor(owner)],
      providers: [
        {
          provide: AccessLog,
          inject: [EVENT_STORE, Clock, IdGenerator, AccessLogBook],
          useFactory: (store: EventStore, clock: Clock, ids: IdGenerator, book: AccessLogBook) => {
            const log = new AccessLog(owner, store, clock, ids);
            book.register(log);
            return log;
          },
        },
        TeamFileAccess,
      ],
      // AccessLogInterceptor is not listed: @AccessLogged applies it, and Nest builds it in the
      // module of the controller, where this module's AccessLog is the one it injects.
      exports: [AccessLog, TeamFileAccess],
    };
  }
}
