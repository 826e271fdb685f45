import * as path from 'node:path';
import { type DynamicModule, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ServiceName } from '@wijkteam/contracts';
import type { EventStore } from '@wijkteam/event-store';
import { type Projection, ProjectionHost } from '@wijkteam/projections';
import { APP_CONFIG, type AppConfig } from './config';
import { ReadinessRegistry } from './health';
import { RAW_EVENT_STORE } from './runtime.module';

/**
 * Where a service's read models live: `DATABASE_URL` (PostgreSQL, shared by replicas), else
 * projections-<service>.db beside a SQLite event store: a read model and its checkpoint belong with
 * the history they were built from, and one file per service keeps two services of the platform
 * from waiting on each other's SQLite lock.
 */
export function projectionDatabaseUrl(config: AppConfig, service: string): string {
  if (config.DATABASE_URL) return config.DATABASE_URL;
  const store = config.EVENT_STORE_URL.startsWith('sqlite:') ? config.EVENT_STORE_URL.slice('sqlite:'.length) : undefined;
  if (store === ':memory:') return 'sqlite::memory:';
  return `sqlite:${path.join(store ? path.dirname(store) : './data', `projections-${service}.db`)}`;
}

@Injectable()
class ProjectionLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly host: ProjectionHost,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.reportProgress(`projections:${this.host.service}`, () => Object.fromEntries(this.host.progress().map((p) => [p.name, p.status])));
  }

  /** Reads the checkpoints only; catch-ups and rebuilds run in the background. */
  async onApplicationBootstrap(): Promise<void> {
    await this.host.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.host.stop();
  }
}

@Module({})
class ProjectionsModule {}

/**
 * The read models of one service (libs/projections): a ProjectionHost over the service's own store
 * as stored (personal fields sealed), in the projections database. The service's read-model classes
 * inject `ProjectionHost` for their runner and rows. One per hosted service, also in the platform.
 */
export function projectionsFor(service: ServiceName, ...projections: Projection[]): DynamicModule {
  return {
    module: ProjectionsModule,
    providers: [
      {
        provide: ProjectionHost,
        inject: [APP_CONFIG, RAW_EVENT_STORE],
        useFactory: (config: AppConfig, store: EventStore) =>
          ProjectionHost.open({ service, url: projectionDatabaseUrl(config, service), store, projections, logger: new Logger(`Projections:${service}`) }),
      },
      ProjectionLifecycle,
    ],
    exports: [ProjectionHost],
  };
}
