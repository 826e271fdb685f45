import * as path from 'node:path';
import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import type { ServiceName } from '@wijkteam/contracts';
import { type Gateway, MessagingHealth, MessagingModule } from '@wijkteam/messaging';
import { APP_CONFIG, type AppConfig, dataDirectory } from './config';
import { ReadinessRegistry } from './health';
import { natsClientOptions } from './nats-credentials';
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
    // Degrades, never gates: commands are appended while NATS is down and relayed when it is back.
    this.readiness.register(
      'bus',
      async () => {
        if (!this.health.isReady()) throw new Error('NATS unreachable');
      },
      { gatesReadiness: false },
    );
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
  const directory = dataDirectory(config);
  return directory ? path.join(directory, 'messaging.db') : ':memory:';
}

/**
 * The messaging of one service: its relay (jetstream mode) publishing what its gateway makes public,
 * and the transport feeding its @ConsumeEvents handlers — from JetStream, or in the embedded default
 * from the store's own checkpointed subscription through the publishers' gateways. One per hosted
 * service, also in the platform. A service without a gateway publishes nothing.
 */
export function messagingFor(service: ServiceName, gateway?: Gateway): DynamicModule {
  const messaging = MessagingModule.forRootAsync({
    inject: [APP_CONFIG],
    eventStoreToken: RAW_EVENT_STORE,
    useFactory: (config: AppConfig) => ({
      mode: config.TRANSPORT,
      service,
      gateway,
      natsUrl: config.NATS_URL,
      nats: config.TRANSPORT === 'jetstream' ? natsClientOptions(config) : undefined,
      stream: { name: config.NATS_STREAM },
      sqlite: messagingDatabasePath(config),
    }),
  });
  return { module: BusReadinessModule, imports: [messaging], providers: [BusReadiness], exports: [messaging] };
}
