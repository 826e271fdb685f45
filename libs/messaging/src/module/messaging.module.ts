import { type DynamicModule, Inject, Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy, Optional } from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { CheckpointStore } from '../checkpoints/checkpoint-store';
import { CaptureHandlerErrors } from '../handling/capture-handler-errors.interceptor';
import { MessagingHealth } from '../health/messaging-health';
import { MessagingMetrics } from '../health/messaging-metrics';
import { Inbox } from '../inbox/inbox';
import { Relay } from '../jetstream/relay';
import { ServiceClients } from '../request-reply/service-client';
import {
  DEFAULT_EVENT_STORE_TOKEN,
  MESSAGING_DATABASE,
  MESSAGING_OPTIONS,
  MESSAGING_TRANSPORT,
  type MessagingModuleAsyncOptions,
  type MessagingModuleOptions,
  type MessagingModuleWiring,
  NATS_CONNECTION,
  validateMessagingOptions,
} from './messaging-options';
import { messagingProviders } from './messaging.providers';

/** Starts the relay once the application is up and stops it (releasing its lease) first on shutdown. */
@Injectable()
class RelayLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Optional() @Inject(Relay) private readonly relay: Relay | null) {}

  onApplicationBootstrap(): void {
    this.relay?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }
}

const EXPORTS = [MESSAGING_TRANSPORT, NATS_CONNECTION, MESSAGING_DATABASE, CheckpointStore, Inbox, Relay, ServiceClients, MessagingHealth, MessagingMetrics];

/**
 * Messaging for one service. The EventStore comes from the application under `eventStoreToken`
 * (default the string token 'EVENT_STORE'); the transport it provides under MESSAGING_TRANSPORT must
 * be connected by the app (see README in this folder).
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions & MessagingModuleWiring): DynamicModule {
    const { eventStoreToken = DEFAULT_EVENT_STORE_TOKEN, imports = [], ...rest } = options;
    return {
      module: MessagingModule,
      imports: [DiscoveryModule, ...imports],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: validateMessagingOptions(rest) },
        ...messagingProviders(eventStoreToken),
        RelayLifecycle,
        { provide: APP_INTERCEPTOR, useClass: CaptureHandlerErrors },
      ],
      exports: EXPORTS,
    };
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          inject: options.inject ?? [],
          useFactory: async (...args: never[]) => validateMessagingOptions(await options.useFactory(...args)),
        },
        ...messagingProviders(options.eventStoreToken ?? DEFAULT_EVENT_STORE_TOKEN),
        RelayLifecycle,
        { provide: APP_INTERCEPTOR, useClass: CaptureHandlerErrors },
      ],
      exports: EXPORTS,
    };
  }
}
