import { type DynamicModule, Module } from '@nestjs/common';
import { Clock, IdGenerator, type StreamOwner } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { AccessLog } from './access-log/access-log';
import { AccessLogBook } from './access-log/access-log-book';
import { AccessLogController } from './access-log/access-log.controller';
import { TeamFileAccess } from './access-log/team-file-access';

/**
 * Who saw a client's file. Once per process (`forRoot`, global): the "who saw my file" route over the
 * access logs of every hosted service. Once per service (`forService`, imported by the service's
 * module): that service's access log, writing the service's own streams, so that five services in
 * one process (the platform) still write five sets of streams, as five deployments would.
 * Uses EVENT_STORE, Clock and IdGenerator of the global RuntimeModule.
 */
@Module({})
export class AuditModule {
  static forRoot(): DynamicModule {
    return { module: AuditModule, global: true, controllers: [AccessLogController], providers: [AccessLogBook], exports: [AccessLogBook] };
  }

  /** The access log of one service, and its team-separation check (TeamFileAccess). */
  static forService(owner: StreamOwner): DynamicModule {
    return {
      module: AuditModule,
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
