import type { InjectionToken, Provider } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { EventStore } from '@wijkteam/event-store';
import type { NatsConnection } from 'nats';
import { CheckpointStore } from '../checkpoints/checkpoint-store';
import { SqliteCheckpointStore } from '../checkpoints/sqlite-checkpoint-store';
import { SqliteDeadLetters } from '../handling/dead-letter';
import type { MessagingServer } from '../handling/messaging-server';
import { MessagingHealth } from '../health/messaging-health';
import { MessagingMetrics } from '../health/messaging-metrics';
import { InProcessRequestBus, InProcessServiceClients } from '../in-process/in-process-request-bus';
import { InProcessTransport } from '../in-process/in-process-transport';
import { ProcessGateways } from '../in-process/process-gateways';
import { defineGateway } from '../events/gateway';
import type { ServiceName } from '@wijkteam/contracts';
import { Inbox, INBOX_KEEP_DAYS } from '../inbox/inbox';
import { JetStreamTransport } from '../jetstream/jetstream-transport';
import { Relay } from '../jetstream/relay';
import { NatsServiceClients } from '../request-reply/nats-service-client';
import { ServiceClients } from '../request-reply/service-client';
import { openSqlite, type SqliteDatabase } from '../util/sqlite';
import { MessagingResources } from './messaging-resources';
import { connectNats, natsClientConnectionOptions } from './nats-client';
import { MESSAGING_DATABASE, MESSAGING_OPTIONS, MESSAGING_TRANSPORT, type MessagingModuleOptions, NATS_CONNECTION } from './messaging-options';

type Options = MessagingModuleOptions;

/** Everything MessagingModule provides; each provider branches on the mode, so forRootAsync works too. */
export function messagingProviders(eventStoreToken: InjectionToken): Provider[] {
  return [
    MessagingResources,
    {
      provide: MESSAGING_DATABASE,
      inject: [MESSAGING_OPTIONS, MessagingResources],
      useFactory: (o: Options, resources: MessagingResources): SqliteDatabase | null => {
        if (!o.sqlite) return null;
        if (typeof o.sqlite !== 'string') return o.sqlite;
        return resources.own(openSqlite(o.sqlite));
      },
    },
    {
      provide: NATS_CONNECTION,
      inject: [MESSAGING_OPTIONS, MessagingResources],
      useFactory: async (o: Options, resources: MessagingResources): Promise<NatsConnection | null> => {
        if (o.mode !== 'jetstream') return null;
        const nc = await connectNats(o.natsUrl as string | string[], o.service, o.service, o.nats);
        return resources.ownConnection(nc);
      },
    },
    {
      provide: CheckpointStore,
      inject: [MESSAGING_OPTIONS, MESSAGING_DATABASE],
      useFactory: (o: Options, db: SqliteDatabase | null): CheckpointStore => o.checkpoints ?? new SqliteCheckpointStore(db as SqliteDatabase),
    },
    {
      provide: Inbox,
      inject: [MESSAGING_DATABASE],
      useFactory: (db: SqliteDatabase | null): Inbox | null => {
        if (!db) return null;
        const inbox = new Inbox(db);
        // Hourly, in the background; the database closes at shutdown and the timer does not hold the process.
        setInterval(() => db.open && inbox.prune(new Date(Date.now() - INBOX_KEEP_DAYS * 86_400_000)), 3_600_000).unref();
        return inbox;
      },
    },
    {
      provide: Relay,
      inject: [MESSAGING_OPTIONS, eventStoreToken, CheckpointStore, NATS_CONNECTION],
      useFactory: (o: Options, store: EventStore, checkpoints: CheckpointStore, nc: NatsConnection | null): Relay | null => {
        if (o.mode !== 'jetstream' || o.relay === false || !nc) return null;
        return new Relay({
          service: o.service,
          store,
          checkpoints,
          connection: nc,
          gateway: o.gateway ?? defineGateway(o.service as ServiceName, { routes: {} }),
          storeFilter: o.relay?.storeFilter,
          stream: o.stream,
          windowSize: o.relay?.windowSize,
          lease: o.relay?.lease,
          logger: o.logger,
        });
      },
    },
    {
      provide: MESSAGING_TRANSPORT,
      inject: [MESSAGING_OPTIONS, eventStoreToken, CheckpointStore, Inbox, MESSAGING_DATABASE, NATS_CONNECTION],
      useFactory: (o: Options, store: EventStore, checkpoints: CheckpointStore, inbox: Inbox | null, db: SqliteDatabase | null, nc: NatsConnection | null): MessagingServer => {
        if (o.gateway) ProcessGateways.shared.register(o.gateway);
        const common = { service: o.service, inbox: inbox ?? undefined, retry: o.consumers?.retry, logger: o.logger };
        if (o.mode === 'jetstream') {
          return new JetStreamTransport({
            ...common,
            servers: o.natsUrl as string | string[],
            nats: o.nats,
            connection: nc ?? undefined,
            stream: o.stream,
            ackWaitMs: o.consumers?.ackWaitMs,
            concurrency: o.consumers?.concurrency,
            prefetch: o.consumers?.prefetch,
          });
        }
        return new InProcessTransport({
          ...common,
          store,
          gateways: o.gateways,
          checkpoints,
          deadLetters: db ? new SqliteDeadLetters(db) : undefined,
          requestBus: o.requestBus,
        });
      },
    },
    {
      provide: ServiceClients,
      inject: [MESSAGING_OPTIONS, MessagingResources],
      useFactory: (o: Options, resources: MessagingResources): ServiceClients => {
        if (o.mode === 'in-process') return new InProcessServiceClients(o.requestBus ?? InProcessRequestBus.shared);
        const proxy = resources.ownProxy(ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: o.natsUrl, name: `${o.service}-requests`, ...natsClientConnectionOptions(o.service, o.nats) } }));
        return new NatsServiceClients(proxy);
      },
    },
    {
      provide: MessagingHealth,
      inject: [NATS_CONNECTION],
      useFactory: (nc: NatsConnection | null) => new MessagingHealth(nc ?? undefined),
    },
    {
      provide: MessagingMetrics,
      inject: [MESSAGING_TRANSPORT, Relay],
      useFactory: (transport: MessagingServer, relay: Relay | null) => new MessagingMetrics(transport, relay ?? undefined),
    },
  ];
}
