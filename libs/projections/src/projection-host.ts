import type { LoggerService } from '@nestjs/common';
import type { EventStore } from '@wijkteam/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import { openProjectionDatabase } from './projection-database';
import { type ProjectionProgress, ProjectionRunner, type RunnerOptions, TransactionQueue } from './projection-runner';

export class UnknownProjection extends Error {
  readonly code = 'unknown_projection';
  constructor(name: string, known: readonly string[]) {
    super(`no projection ${name}; known: ${known.join(', ') || 'none'}`);
    this.name = 'UnknownProjection';
  }
}

/**
 * The projections of one service over one database (one SQLite file per service and process; two
 * processes or replicas share read models on PostgreSQL only): opens it, runs a runner per projection, and
 * answers which are live. The service's read models ask it for their runner and database.
 */
export class ProjectionHost {
  private readonly runners: ReadonlyMap<string, ProjectionRunner>;

  private constructor(
    readonly service: string,
    readonly db: DataSource,
    runners: ProjectionRunner[],
  ) {
    this.runners = new Map(runners.map((runner) => [runner.projection.name, runner]));
  }

  static async open(options: {
    service: string;
    url: string;
    store: EventStore;
    projections: readonly Projection[];
    logger: LoggerService;
    runner?: RunnerOptions;
  }): Promise<ProjectionHost> {
    const db = await openProjectionDatabase(options.url, options.projections.flatMap((projection) => projection.tables));
    const queue = new TransactionQueue();
    const runners = options.projections.map((projection) => new ProjectionRunner(projection, options.store, db, options.logger, options.runner, queue));
    return new ProjectionHost(options.service, db, runners);
  }

  runner(name: string): ProjectionRunner {
    const runner = this.runners.get(name);
    if (!runner) throw new UnknownProjection(name, [...this.runners.keys()]);
    return runner;
  }

  get names(): string[] {
    return [...this.runners.keys()];
  }

  /**
   * Reads every checkpoint and lets the catch-ups run in the background. Waits at most `waitMs` for
   * them (a normal restart is a few events behind and is live at once; a rebuild is not waited for).
   */
  async start(waitMs = 1000): Promise<void> {
    for (const runner of this.runners.values()) await runner.start();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    await Promise.race([Promise.all([...this.runners.values()].map((runner) => runner.whenLive())), timeout]);
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    for (const runner of this.runners.values()) await runner.stop();
    if (this.db.isInitialized) await this.db.destroy();
  }

  progress(): ProjectionProgress[] {
    return [...this.runners.values()].map((runner) => runner.progress);
  }
}
