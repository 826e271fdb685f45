import { type DynamicModule, type FactoryProvider, Module, type Provider } from '@nestjs/common';
import { Clock, IdGenerator, type StreamOwner } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { AccessLog } from './access-log/access-log';
import { AccessLogBook } from './access-log/access-log-book';
import { AccessLogController } from './access-log/access-log.controller';
import { SubjectErasure } from './erasure/subject-erasure';
import { KeyRing } from './keys/key-ring';

export interface AuditModuleOptions {
  /**
   * The process's one KeyRing (the one inside the store's codec); enables SubjectErasure. The ring
   * itself, or a factory with its dependencies when the ring comes from an async provider (a key
   * store that connects first).
   */
  keys?: KeyRing | Omit<FactoryProvider<KeyRing>, 'provide'>;
}

/**
 * Once per process (`forRoot`, global): the KeyRing and the "who saw my file" route over the access
 * logs of every hosted service. Once per service (`forService`, imported by the service's module):
 * that service's access log and erasure, writing the service's own streams, so that five services
 * in one process (the platform) still write five sets of streams, as five deployments would.
 * Uses EVENT_STORE, Clock and IdGenerator of the global RuntimeModule.
 */
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions = {}): DynamicModule {
    const ring: Provider[] = options.keys instanceof KeyRing ? [{ provide: KeyRing, useValue: options.keys }] : options.keys ? [{ provide: KeyRing, ...options.keys }] : [];
    return {
      module: AuditModule,
      global: true,
      controllers: [AccessLogController],
      providers: [AccessLogBook, ...ring],
      exports: [AccessLogBook, ...(ring.length > 0 ? [KeyRing] : [])],
    };
  }

  /** The access log and erasure of one service; SubjectErasure is there when forRoot had the keys. */
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
        {
          provide: SubjectErasure,
          inject: [EVENT_STORE, { token: KeyRing, optional: true }],
          useFactory: (store: EventStore, keys: KeyRing | undefined) => (keys ? new SubjectErasure(owner, store, keys) : undefined),
        },
      ],
      // AccessLogInterceptor is not listed: @AccessLogged applies it, and Nest builds it in the
      // module of the controller, where this module's AccessLog is the one it injects.
      exports: [AccessLog, SubjectErasure],
    };
  }
}
