import type { InjectionToken, LoggerService, ModuleMetadata } from '@nestjs/common';
import { EVENT_STORE, type EventFilter } from '@wijkteam/event-store';
import type { CheckpointStore } from '../checkpoints/checkpoint-store';
import type { Gateway } from '../events/gateway';
import { assertSubjectToken } from '../events/subjects';
import { MessagingConfigError } from '../handling/messaging-server';
import type { RetryPolicy } from '../handling/retry-policy';
import type { InProcessRequestBus } from '../in-process/in-process-request-bus';
import type { LeaseOptions } from '../jetstream/relay-lease';
import { resolveStreamOptions, type StreamOptions } from '../jetstream/stream-setup';
import type { SqliteDatabase } from '../util/sqlite';
import type { NatsClientOptions } from './nats-client';

export type MessagingMode = 'jetstream' | 'in-process';

export interface MessagingModuleOptions {
  mode: MessagingMode;
  /** This service: intake, case-planning, safety, consent or reporting. */
  service: string;
  /**
   * This service's gateway: what its relay publishes (jetstream), and, registered process-wide, how
   * in-process handler groups translate its events. None: the service publishes nothing.
   */
  gateway?: Gateway;
  /** In-process only: the gateways to read events with, instead of every one registered in the process (tests). */
  gateways?: readonly Gateway[];
  /**
   * SQLite for checkpoints, the inbox and in-process dead letters: a file path (embedded default:
   * the event store's own file) or an open better-sqlite3 database (the handlers' read-model db,
   * so `ctx.handleOnce` commits effect and inbox together). Required unless `checkpoints` is given.
   */
  sqlite?: string | SqliteDatabase;
  /** Overrides the SQLite checkpoints, e.g. checkpoints kept in EventStoreDB in production. */
  checkpoints?: CheckpointStore;
  /** NATS servers; required in jetstream mode. */
  natsUrl?: string | string[];
  /** NATS credentials and TLS, the same for each connection of the service. */
  nats?: NatsClientOptions;
  stream?: StreamOptions;
  /** The relay runs in jetstream mode unless `false`. */
  relay?: false | { windowSize?: number; lease?: LeaseOptions; storeFilter?: EventFilter };
  consumers?: { retry?: Partial<RetryPolicy>; ackWaitMs?: number; concurrency?: number; prefetch?: number };
  /** In-process request/reply bus; default the process-wide one. */
  requestBus?: InProcessRequestBus;
  logger?: LoggerService;
}

/** The application's EventStore token (libs/event-store), used unless `eventStoreToken` says otherwise. */
export const DEFAULT_EVENT_STORE_TOKEN: InjectionToken = EVENT_STORE;

export const MESSAGING_OPTIONS = Symbol.for('wijkteam.messaging.options');
/** The Nest transport strategy to connect: `app.connectMicroservice({ strategy: app.get(MESSAGING_TRANSPORT) }, { inheritAppConfig: true })`. */
export const MESSAGING_TRANSPORT = Symbol.for('wijkteam.messaging.transport');
/** The shared NATS connection (jetstream mode), or null. */
export const NATS_CONNECTION = Symbol.for('wijkteam.messaging.nats-connection');
/** The better-sqlite3 database for checkpoints, inbox and dead letters, or null. */
export const MESSAGING_DATABASE = Symbol.for('wijkteam.messaging.database');

/** How the module finds what the application provides. */
export interface MessagingModuleWiring {
  /** Token of the application's EventStore provider. Default 'EVENT_STORE'. */
  eventStoreToken?: InjectionToken;
  /** Modules that export the EventStore provider (or the factory's dependencies), unless global. */
  imports?: ModuleMetadata['imports'];
}

export interface MessagingModuleAsyncOptions extends MessagingModuleWiring {
  inject?: InjectionToken[];
  useFactory: (...args: never[]) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

/** Stops start-up with a clear message on a setting that cannot work. */
export function validateMessagingOptions(options: MessagingModuleOptions): MessagingModuleOptions {
  if (options.mode !== 'jetstream' && options.mode !== 'in-process') {
    throw new MessagingConfigError(`messaging mode must be 'jetstream' or 'in-process', got '${String(options.mode)}'`);
  }
  assertSubjectToken(options.service, 'service name');
  if (options.gateway && options.gateway.service !== options.service) {
    throw new MessagingConfigError(`the gateway of ${options.gateway.service} cannot publish for ${options.service}`);
  }
  if (options.mode === 'jetstream' && (!options.natsUrl || options.natsUrl.length === 0)) {
    throw new MessagingConfigError('natsUrl is required in jetstream mode');
  }
  if (!options.sqlite && !options.checkpoints) {
    throw new MessagingConfigError('give messaging a sqlite path or database (or your own checkpoints store)');
  }
  resolveStreamOptions(options.stream);
  return options;
}
