import * as path from 'node:path';
import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { ownerOf, PUBLIC_EVENTS, type ServiceName } from '@wijkteam/contracts';
import type { RecordedEvent } from '@wijkteam/event-store';
import { MessagingHealth, MessagingModule, type PublicEventCatalogue } from '@wijkteam/messaging';
import { APP_CONFIG, type AppConfig } from './config';
import { ReadinessRegistry } from './health';
import { RAW_EVENT_STORE } from './runtime.module';

@Injectable()
class BusReadiness implements OnModuleInit {
  constructor(
    private readonly health: MessagingHealth,
    private readonly readiness: ReadinessRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.TRANSPORT !== 'jetstream') return;
    this.readiness.register('bus', async () => {
      if (!this.health.isReady()) throw new Error('NATS unreachable');
    });
  }
}

@Module({})
class BusReadinessModule {}

/**
 * Checkpoints belong to the store they point into: a checkpoint kept beside another store's file
 * would skip events. So by default the messaging database sits beside a SQLite event store.
 */
export function messagingDatabasePath(config: AppConfig): string {
  if (config.MESSAGING_DB_PATH) return config.MESSAGING_DB_PATH;
  const store = config.EVENT_STORE_URL.startsWith('sqlite:') ? config.EVENT_STORE_URL.slice('sqlite:'.length) : undefined;
  if (store === ':memory:') return ':memory:';
  return path.join(store ? path.dirname(store) : './data', 'messaging.db');
}

/**
 * A service publishes its public events from its own streams only: every service records its own
 * SubjectKeyDestroyed, and on a shared store consent's relay must not publish intake's record as
 * `jeugd.consent.SubjectKeyDestroyed`.
 */
export const OWNED_PUBLIC_EVENTS: PublicEventCatalogue = Object.fromEntries(
  Object.entries(PUBLIC_EVENTS).map(([service, types]) => [
    service,
    (event: RecordedEvent) => (types as readonly string[]).includes(event.type) && ownerOf(event.streamName) === service,
  ]),
);

/**
 * The messaging of one service: its relay (jetstream mode) publishing its public events, and the
 * transport feeding its @ServiceEventPattern handlers — from JetStream, or in the embedded default
 * from the store's own checkpointed subscription. One per hosted service, also in the platform.
 */
export function messagingFor(service: ServiceName): DynamicModule {
  const messaging = MessagingModule.forRootAsync({
    inject: [APP_CONFIG],
    eventStoreToken: RAW_EVENT_STORE,
    useFactory: (config: AppConfig) => ({
      mode: config.TRANSPORT,
      service,
      catalogue: OWNED_PUBLIC_EVENTS,
      natsUrl: config.NATS_URL,
      stream: { name: config.NATS_STREAM },
      sqlite: messagingDatabasePath(config),
    }),
  });
  return { module: BusReadinessModule, imports: [messaging], providers: [BusReadiness], exports: [messaging] };
}
