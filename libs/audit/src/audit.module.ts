import { type DynamicModule, type FactoryProvider, Module, type Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessLog } from './access-log/access-log';
import { AccessLogController } from './access-log/access-log.controller';
import { AccessLogInterceptor } from './access-log/access-log.interceptor';
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
 * The access log (service, global interceptor behind @AccessLogged, "who saw my file" route) and,
 * given the KeyRing, erasure. Uses EVENT_STORE, Clock and IdGenerator of the global RuntimeModule.
 */
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions = {}): DynamicModule {
    const ring: Provider | undefined = options.keys instanceof KeyRing ? { provide: KeyRing, useValue: options.keys } : options.keys && { provide: KeyRing, ...options.keys };
    const erasure: Provider[] = ring ? [ring, SubjectErasure] : [];
    return {
      module: AuditModule,
      global: true,
      controllers: [AccessLogController],
      providers: [AccessLog, { provide: APP_INTERCEPTOR, useClass: AccessLogInterceptor }, ...erasure],
      exports: [AccessLog, ...(options.keys ? [KeyRing, SubjectErasure] : [])],
    };
  }
}
