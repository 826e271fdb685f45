import { type DynamicModule, type FactoryProvider, Module, type Provider } from '@nestjs/common';
import type { StreamOwner } from '@wijkteam/contracts';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { SubjectErasure } from './erasure/subject-erasure';
import { KeyRing } from './keys/key-ring';

export interface PrivacyModuleOptions {
  /**
   * The process's one KeyRing (the one inside the store's codec). The ring itself, or a factory with
   * its dependencies when the ring comes from an async provider (a key store that connects first).
   */
  keys: KeyRing | Omit<FactoryProvider<KeyRing>, 'provide'>;
}

/**
 * Once per process (`forRoot`, global): the KeyRing of the subject keys. Once per service
 * (`forService`, imported by the service's module): that service's SubjectErasure, writing its own
 * erasure stream `<owner>.erasure-<subjectId>`, so that five services in one process (the platform)
 * keep five records, as five deployments would. Uses EVENT_STORE of the global RuntimeModule.
 */
@Module({})
export class PrivacyModule {
  static forRoot(options: PrivacyModuleOptions): DynamicModule {
    const ring: Provider = options.keys instanceof KeyRing ? { provide: KeyRing, useValue: options.keys } : { provide: KeyRing, ...options.keys };
    return { module: PrivacyModule, global: true, providers: [ring], exports: [KeyRing] };
  }

  static forService(owner: StreamOwner): DynamicModule {
    return {
      module: PrivacyModule,
      providers: [
        {
          provide: SubjectErasure,
          inject: [EVENT_STORE, KeyRing],
          useFactory: (store: EventStore, keys: KeyRing) => new SubjectErasure(owner, store, keys),
        },
      ],
      exports: [SubjectErasure],
    };
  }
}
