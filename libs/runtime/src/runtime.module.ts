import { type DynamicModule, Inject, Injectable, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Registry } from 'prom-client';
import { AuditModule } from '@wijkteam/audit';
import { definePersonalDataPolicy, PersonalDataCodec, PrivacyModule } from '@wijkteam/privacy';
import { AuthModule, DEVELOPMENT_ISSUER } from '@wijkteam/auth';
import { PERSONAL_DATA } from '@wijkteam/contracts';
import { createEventStore, EVENT_STORE, type EventStore, withCodec } from '@wijkteam/event-store';
import { Clock, IdGenerator, SystemClock, UuidV7Generator } from '@wijkteam/contracts';
import { CommandRunner } from './command-runner';
import * as path from 'node:path';
import { APP_CONFIG, type AppConfig, dataDirectory } from './config';
import { UserRequests } from './service-request';
import { HealthController, ReadinessRegistry } from './health';
import { HttpErrorFilter } from './http-errors';
import { idempotencyProviders } from './idempotency/idempotent-commands';
import { loggingModule } from './logging';
import { MetricsController, metricsRegistryProvider } from './metrics.controller';
import { AsyncApiController } from './asyncapi.controller';
import { openSubjectKeys, type SubjectKeys } from './subject-keys';

const SUBJECT_KEYS = 'SUBJECT_KEYS';
/**
 * The store as it is at rest, without the codec: personal fields sealed. The relay and the
 * in-process transport read it, so no plaintext personal data is ever in reach of a gateway, and the
 * gateways publish no personal field at all, sealed or not.
 */
export const RAW_EVENT_STORE = 'RAW_EVENT_STORE';

export const SERVICE_NAME = 'SERVICE_NAME';

@Injectable()
class EventStoreLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SUBJECT_KEYS) private readonly keys: SubjectKeys,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('eventStore', () => this.store.ping());
    this.readiness.register('keyStore', () => this.keys.store.ping());
    if (this.keys.developmentMasterKey)
      new Logger('SubjectKeys').warn('development master key in use: set SUBJECT_KEY_MASTER_KEY from the secret store in production');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    await this.keys.store.close();
  }
}

/** The development issuer keeps its key with the process's data (or where AUTH_DEVELOPMENT_KEY_FILE says), so its tokens outlive a restart. */
export function developmentIssuerKeyFile(config: AppConfig): string | undefined {
  if (config.AUTH_MODE !== 'development') return undefined;
  if (config.AUTH_DEVELOPMENT_KEY_FILE) return config.AUTH_DEVELOPMENT_KEY_FILE;
  const directory = dataDirectory(config);
  return directory ? path.join(directory, 'dev-issuer-key.json') : undefined;
}

export interface RuntimeOptions {
  config: AppConfig;
  /** 'intake', …, or 'platform' when all five run in one process. */
  service: string;
}

/**
 * What every service process has once: config, logging, auth, CQRS, the event store, the clock and
 * id ports, health, and the HTTP error mapping. The platform imports it once for all five services.
 */
@Module({})
export class RuntimeModule {
  static forRoot({ config, service }: RuntimeOptions): DynamicModule {
    // Personal fields are encrypted per client on their way into the store (crypto-shredding on
    // erasure); the adapters never see plaintext personal data.
    const policy = definePersonalDataPolicy(PERSONAL_DATA);
    return {
      module: RuntimeModule,
      global: true,
      imports: [
        loggingModule(config, service),
        CqrsModule.forRoot(),
        AuthModule.forRoot({
          mode: config.AUTH_MODE,
          issuer: config.OIDC_ISSUER ?? DEVELOPMENT_ISSUER,
          audience: config.OIDC_AUDIENCE,
          jwksUrl: config.OIDC_JWKS_URL,
          clockToleranceSeconds: config.AUTH_CLOCK_SKEW_SECONDS,
          maxTokenLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS,
          developmentKeyFile: developmentIssuerKeyFile(config),
        }),
        PrivacyModule.forRoot({ keys: { inject: [SUBJECT_KEYS], useFactory: (keys: SubjectKeys) => keys.ring } }),
        AuditModule.forRoot(),
        DiscoveryModule,
      ],
      controllers: [HealthController, MetricsController, AsyncApiController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        { provide: Clock, useClass: SystemClock },
        { provide: IdGenerator, useClass: UuidV7Generator },
        // Async: a PostgreSQL key store connects (and creates its table) before anything uses a key.
        { provide: SUBJECT_KEYS, useFactory: () => openSubjectKeys(config) },
        { provide: RAW_EVENT_STORE, useFactory: () => createEventStore(config.EVENT_STORE_URL, { synchronous: config.EVENT_STORE_SYNCHRONOUS, groupCommit: config.EVENT_STORE_GROUP_COMMIT === 'on' }) },
        { provide: EVENT_STORE, inject: [RAW_EVENT_STORE, SUBJECT_KEYS], useFactory: (raw: EventStore, keys: SubjectKeys) => withCodec(raw, new PersonalDataCodec(policy, keys.ring)) },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        ReadinessRegistry,
        metricsRegistryProvider,
        EventStoreLifecycle,
        CommandRunner,
        UserRequests,
        ...idempotencyProviders(service),
      ],
      exports: [APP_CONFIG, SERVICE_NAME, Clock, IdGenerator, EVENT_STORE, RAW_EVENT_STORE, ReadinessRegistry, Registry, CommandRunner, UserRequests, SUBJECT_KEYS],
    };
  }
}
