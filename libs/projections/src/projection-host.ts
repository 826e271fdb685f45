import type { LoggerService } from '@nestjs/common';
import type { EventStore } from '@wijkteam/event-store';
import { type DataSource, type EntityManager, LessThan } from 'typeorm';
import type { BusProjection, Projection } from './projection';
import { loadCheckpoint, openProjectionDatabase, ProjectionProcessed, resetProjection } from './projection-database';
import { type ProjectionProgress, ProjectionRunner, type RunnerOptions, TransactionQueue } from './projection-runner';

export class UnknownProjection extends Error {
  readonly code = 'unknown_projection';
  constructor(name: string, known: readonly string[]) {
    super(`no projection ${name}; known: ${known.join(', ') || 'none'}`);
    this.name = 'UnknownProjection';
  }
}

/** How long a bus-fed read model remembers the ids it applied: far beyond any redelivery (JetStream's duplicate window is minutes). */
export const PROCESSED_KEEP_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;

const isStoreFed = (projection: Projection | BusProjection): projection is Projection => 'handle' in projection;

/**
 * The projections of one service over one database (one SQLite file per service and process; two
 * processes or replicas share read models on PostgreSQL only): opens it, runs a runner per
 * store-fed projection, applies bus-fed ones once per event, prunes what they remember, and answers
 * which are live. The service's read models ask it for their runner and database.
 */
export class ProjectionHost {
  private readonly runners: ReadonlyMap<string, ProjectionRunner>;
  private readonly bus: ReadonlyMap<string, BusProjection>;
  private readonly started = new Set<string>();
  /** Resolved once start() has checked (and, for a new version, emptied) the bus-fed read models: nothing is applied before. */
  private readonly checked: Promise<void>;
  private markChecked!: () => void;
  private pruning: NodeJS.Timeout | undefined;

  private constructor(
    readonly service: string,
    readonly db: DataSource,
    runners: ProjectionRunner[],
    bus: BusProjection[],
    private readonly queue: TransactionQueue,
    private readonly logger: LoggerService,
  ) {
    this.runners = new Map(runners.map((runner) => [runner.projection.name, runner]));
    this.bus = new Map(bus.map((projection) => [projection.name, projection]));
    this.checked = new Promise((resolve) => (this.markChecked = resolve));
  }

  static async open(options: {
    service: string;
    url: string;
    store: EventStore;
    projections: readonly (Projection | BusProjection)[];
    logger: LoggerService;
    runner?: RunnerOptions;
  }): Promise<ProjectionHost> {
    const db = await openProjectionDatabase(options.url, options.projections.flatMap((projection) => projection.tables));
    const queue = new TransactionQueue();
    const storeFed = options.projections.filter(isStoreFed);
    const runners = storeFed.map((projection) => new ProjectionRunner(projection, options.store, db, options.logger, options.runner, queue));
    const bus = options.projections.filter((projection) => !isStoreFed(projection));
    return new ProjectionHost(options.service, db, runners, bus, queue, options.logger);
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.get(name);
    if (!runner) throw new UnknownProjection(name, this.names);
    return runner;
  }

  get names(): string[] {
    return [...this.runners.keys(), ...this.bus.keys()];
  }

  /**
   * Reads every checkpoint (a bus-fed projection of a new version is emptied) and lets the
   * catch-ups run in the background. Waits at most `waitMs` for them: a normal restart is a few
   * events behind and live at once; a rebuild is not waited for.
   */
  async start(waitMs = 1000): Promise<void> {
    for (const projection of this.bus.values()) {
      const checkpoint = await loadCheckpoint(this.db.manager, projection.name);
      if (!checkpoint || checkpoint.version !== projection.version) {
        await this.queue.run(() => this.db.transaction((tx) => resetProjection(tx, projection.name, projection.version, projection.tables)));
        if (checkpoint) this.logger.log(`projection ${projection.name}: version ${checkpoint.version} → ${projection.version}, emptied; its new consumer receives the history again`);
      }
      this.started.add(projection.name);
    }
    this.markChecked();
    for (const runner of this.runners.values()) await runner.start();
    this.pruning = setInterval(() => void this.prune().catch(() => this.logger.warn(`projections of ${this.service}: pruning failed`)), PRUNE_EVERY_MS);
    this.pruning.unref();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.all([...this.runners.values()].map((runner) => runner.whenLive())), timeout]);
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    clearInterval(this.pruning);
    for (const runner of this.runners.values()) await runner.stop();
    await this.queue.run(async () => undefined);
    if (this.db.isInitialized) await this.db.destroy();
  }

  /**
   * Applies `effect` for the public event `eventId` unless this bus-fed projection applied it
   * before: the id and the rows commit together, so a redelivery changes nothing. True when applied now.
   * An event that arrives before start() has checked the read model's version waits for it: the
   * transports may start first, and a read model emptied for its new version after an event was
   * applied would lose that event's rows.
   */
  applyOnce(projection: string, eventId: string, effect: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    if (!this.bus.has(projection)) throw new UnknownProjection(projection, [...this.bus.keys()]);
    return this.checked.then(() => this.queue.run(() =>
      this.db.transaction(async (tx) => {
        if (await tx.existsBy(ProjectionProcessed, { projection, eventId })) return false;
        await tx.insert(ProjectionProcessed, { projection, eventId, processedAt: new Date().toISOString() });
        await effect(tx);
        return true;
      }),
    ));
  }

  /** Forgets applied ids older than `keepDays`: what a bus-fed read model remembers stays bounded. */
  async prune(now = new Date(), keepDays = PROCESSED_KEEP_DAYS): Promise<number> {
    const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
    const result = await this.queue.run(() => this.db.manager.delete(ProjectionProcessed, { processedAt: LessThan(before) }));
    return result.affected ?? 0;
  }

  progress(): ProjectionProgress[] {
    const bus = [...this.bus.values()].map(({ name, version }): ProjectionProgress => ({ name, version, status: this.started.has(name) ? 'live' : 'starting', position: 0n, target: 0n, rebuilding: false }));
    return [...[...this.runners.values()].map((runner) => runner.progress), ...bus];
  }
}
