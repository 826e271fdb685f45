import * as path from 'node:path';
import { type DynamicModule, Injectable, type InjectionToken, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ServiceName } from '@wijkteam/contracts';
import type { EventStore } from '@wijkteam/event-store';
import { type BusProjection, type Projection, ProjectionHost, type ProjectionProgress } from '@wijkteam/projections';
import { Gauge, Registry } from 'prom-client';
import { APP_CONFIG, type AppConfig, dataDirectory } from './config';
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
  const directory = dataDirectory(config);
  return directory === undefined ? 'sqlite::memory:' : `sqlite:${path.join(directory, `projections-${service}.db`)}`;
}

/** The hosts whose figures an application's registry reports (the platform has one per service). */
const hostsOf = new WeakMap<Registry, Set<ProjectionHost>>();

/**
 * Per read model, at scrape time: the store position it is done with, the head it is catching up
 * to, and 1 while it catches up. Names are the projections' and services', never data.
 */
function registerProjectionMetrics(registry: Registry, host: ProjectionHost): void {
  const known = hostsOf.get(registry);
  if (known) return void known.add(host);
  const hosts = new Set([host]);
  hostsOf.set(registry, hosts);
  const progress = () => [...hosts].flatMap((h) => h.progress().map((p) => ({ labels: { service: h.service, projection: p.name }, p })));
  const gauge = (name: string, help: string, value: (p: ProjectionProgress) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['service', 'projection'],
      registers: [registry],
      collect() {
        this.reset();
        for (const { labels, p } of progress()) this.set(labels, value(p));
      },
    });
  gauge('wijkteam_projection_position', 'Store position the read model is done with.', (p) => Number(p.position));
  gauge('wijkteam_projection_target_position', 'Store head at the start of its catch-up.', (p) => Number(p.target));
  gauge('wijkteam_projection_catching_up', '1 while the read model catches up with the history (first start, rebuild).', (p) => (p.status === 'live' ? 0 : 1));
  gauge('wijkteam_projection_unreadable_records', 'Stored records of its streams and types the read model could not read and passed since start (the log names each position).', (p) => p.unreadable);
}

@Injectable()
class ProjectionLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly host: ProjectionHost,
    private readonly readiness: ReadinessRegistry,
    private readonly registry: Registry,
  ) {}

  onModuleInit(): void {
    registerProjectionMetrics(this.registry, this.host);
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
 * A read model built from providers (a projection that opens sealed fields needs the key ring):
 * `{ inject: [KeyRing, APP_CONFIG], useFactory: (ring, config) => defineProjection(…) }`. Only what
 * is global can be injected (the runtime's and the privacy module's providers).
 */
export interface ProjectionFactory {
  inject: InjectionToken[];
  useFactory: (...deps: never[]) => Projection | BusProjection;
}

const isFactory = (entry: Projection | BusProjection | ProjectionFactory): entry is ProjectionFactory => 'useFactory' in entry;

/**
 * The read models of one service (libs/projections): a ProjectionHost over the service's own store
 * as stored (personal fields sealed), in the projections database. The service's read-model classes
 * inject `ProjectionHost` for their runner and rows. One per hosted service, also in the platform.
 */
export function projectionsFor(service: ServiceName, ...entries: (Projection | BusProjection | ProjectionFactory)[]): DynamicModule {
  const factories = entries.filter(isFactory);
  return {
    module: ProjectionsModule,
    providers: [
      {
        provide: ProjectionHost,
        inject: [APP_CONFIG, RAW_EVENT_STORE, ...factories.flatMap((factory) => factory.inject)],
        useFactory: (config: AppConfig, store: EventStore, ...deps: unknown[]) => {
          let next = 0;
          const projections = entries.map((entry) => {
            if (!isFactory(entry)) return entry;
            const own = deps.slice(next, next + entry.inject.length);
            next += entry.inject.length;
            return entry.useFactory(...(own as never[]));
          });
          return ProjectionHost.open({ service, url: projectionDatabaseUrl(config, service), store, projections, logger: new Logger(`Projections:${service}`) });
        },
      },
      ProjectionLifecycle,
    ],
    exports: [ProjectionHost],
  };
}
