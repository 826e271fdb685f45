import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';
import type { EventStore } from '@wijkteam/event-store';
import { type DataSource, type EntityManager, LessThan } from 'typeorm';
import type { BusProjection, Projection } from './projection';
import { loadCheckpoint, openProjectionDatabase, ProjectionProcessed, resetProjection } from './projection-database';
import { type ProjectionProgress, ProjectionRunner, type RunnerOptions, TransactionQueue } from './projection-runner';
import { runStatement } from './row-statements';

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
/** Most events one group commit applies: a rebuild's backlog commits in transactions of this many. */
export const GROUP_COMMIT_MAX = 1000;
/** Applied-id rows per INSERT (a few parameters each, well under either database's limit). */
const IDS_PER_INSERT = 256;

type Effect = (tx: EntityManager) => Promise<void>;

/** An applyOnce call waiting for the next group commit. */
interface Waiting {
  projection: string;
  eventId: string;
  effect: Effect;
  resolve: (applied: boolean) => void;
  reject: (error: unknown) => void;
}

/** What became of one event of a group: applied now, applied before, or its effect failed. */
type Outcome = boolean | { failed: unknown };

/** An effect threw on the fast path: the group is applied again with each effect in its own savepoint. */
class EffectFailed extends Error {}

const keyOf = ({ projection, eventId }: { projection: string; eventId: string }) => `${projection} ${eventId}`;

/** The INSERT of `rows` applied ids, answering those not there before; by row count, so a few texts stay prepared. */
const recordTexts = new Map<number, string>();
function recordText(rows: number): string {
  let text = recordTexts.get(rows);
  if (text === undefined) {
    const values = Array.from({ length: rows }, () => '(?, ?, ?)').join(', ');
    text = `INSERT INTO projection_processed (projection, event_id, processed_at) VALUES ${values} ON CONFLICT (projection, event_id) DO NOTHING RETURNING projection, event_id`;
    recordTexts.set(rows, text);
  }
  return text;
}

/**
 * Records the calls' event ids as applied and answers the keys (keyOf) of those not applied
 * before. A chunk is padded with copies of its last id up to a power of two (a copy is skipped
 * like a redelivery), so at most log2(IDS_PER_INSERT) + 1 texts exist whatever the group sizes.
 */
async function recordApplied(tx: EntityManager, calls: readonly Waiting[]): Promise<Set<string>> {
  const processedAt = new Date().toISOString();
  const fresh = new Set<string>();
  for (let from = 0; from < calls.length; from += IDS_PER_INSERT) {
    const count = Math.min(IDS_PER_INSERT, calls.length - from);
    const rows = 2 ** Math.ceil(Math.log2(count));
    const parameters: string[] = [];
    for (let i = 0; i < rows; i++) {
      const { projection, eventId } = calls[from + Math.min(i, count - 1)];
      parameters.push(projection, eventId, processedAt);
    }
    for (const row of await runStatement<{ projection: string; event_id: string }>(tx, recordText(rows), parameters)) fresh.add(keyOf({ projection: row.projection, eventId: row.event_id }));
  }
  return fresh;
}

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
  private isChecked = false;
  private pruning: NodeJS.Timeout | undefined;
  private waiting: Waiting[] = [];
  private commitScheduled = false;
  /** Settles after the last scheduled group commit: stop() waits for it. */
  private lastCommit: Promise<void> = Promise.resolve();

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
    this.isChecked = true;
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
    if (this.isChecked) await this.lastCommit;
    for (const runner of this.runners.values()) await runner.stop();
    await this.queue.run(async () => undefined);
    if (this.db.isInitialized) await this.db.destroy();
  }

  /**
   * Applies `effect` for the public event `eventId` unless this bus-fed projection applied it
   * before: the id and the rows commit together, so a redelivery changes nothing. Resolves once
   * committed (true when applied now), so an acknowledgement after it never loses the event.
   *
   * Group commit: calls that arrive in the same turn of the event loop, or while a transaction is
   * running, are committed together in the next transaction (at most GROUP_COMMIT_MAX), their effects
   * run in the order of the calls. A read-model consumer relies on that order: it may dispatch the
   * next messages before this one committed (its handlers call applyOnce before their first await),
   * and they are applied in the order delivered. An effect that throws fails only its own event: the
   * group is rolled back and applied again with each effect in its own savepoint (rare, so the usual
   * group pays no savepoint per event); an effect must therefore write through `tx` only. A failing
   * commit fails every event of the group. An event that arrives before start() has checked the read
   * model's version waits for it: the transports may start first, and a read model emptied for its
   * new version after an event was applied would lose that event's rows.
   */
  applyOnce(projection: string, eventId: string, effect: Effect): Promise<boolean> {
    if (!this.bus.has(projection)) throw new UnknownProjection(projection, [...this.bus.keys()]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ projection, eventId, effect, resolve, reject });
      this.scheduleCommit();
    });
  }

  private scheduleCommit(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    this.lastCommit = this.checked.then(() => nextTurn()).then(() => this.queue.run(() => this.commitWaiting()));
  }

  private async commitWaiting(): Promise<void> {
    this.commitScheduled = false;
    const group = this.waiting.splice(0, GROUP_COMMIT_MAX);
    if (this.waiting.length > 0) this.scheduleCommit();
    let outcomes: Outcome[];
    try {
      outcomes = await this.db.transaction((tx) => this.applyGroup(tx, group, false)).catch((error: unknown) => {
        if (!(error instanceof EffectFailed)) throw error;
        return this.db.transaction((tx) => this.applyGroup(tx, group, true));
      });
    } catch (error) {
      for (const call of group) call.reject(error);
      return;
    }
    group.forEach((call, i) => {
      const outcome = outcomes[i];
      if (typeof outcome === 'boolean') call.resolve(outcome);
      else call.reject(outcome.failed);
    });
  }

  /**
   * One transaction for a group. Fast path: the group's ids are recorded first, in a few multi-row
   * inserts that skip the ids applied before and answer the new ones (statements by hand, see
   * runStatement: a query builder's parameters cost more than the rows); then each new event's
   * effect runs in call order (a redelivery within the group is applied once, by its first call).
   * An effect that throws rolls the group back (EffectFailed). With `isolated` each event's id and
   * effect run in their own savepoint (TypeORM nests a transaction as SAVEPOINT on both databases),
   * so a failure undoes that event alone and is its outcome. On PostgreSQL a second replica recording
   * the same id at the same moment waits for the first one's commit and then skips the event.
   */
  private async applyGroup(tx: EntityManager, group: readonly Waiting[], isolated: boolean): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    if (isolated) {
      for (const call of group) {
        try {
          outcomes.push(await tx.transaction(async (savepoint) => (await recordApplied(savepoint, [call])).size > 0 && (await call.effect(savepoint), true)));
        } catch (error) {
          outcomes.push({ failed: error });
        }
      }
      return outcomes;
    }
    const fresh = await recordApplied(tx, group);
    for (const call of group) {
      // delete: of two calls for one id, only the first applies it.
      if (!fresh.delete(keyOf(call))) {
        outcomes.push(false);
        continue;
      }
      try {
        await call.effect(tx);
      } catch {
        throw new EffectFailed();
      }
      outcomes.push(true);
    }
    return outcomes;
  }

  /** Forgets applied ids older than `keepDays`: what a bus-fed read model remembers stays bounded. */
  async prune(now = new Date(), keepDays = PROCESSED_KEEP_DAYS): Promise<number> {
    const before = new Date(now.getTime() - keepDays * 86_400_000).toISOString();
    const result = await this.queue.run(() => this.db.manager.delete(ProjectionProcessed, { processedAt: LessThan(before) }));
    return result.affected ?? 0;
  }

  progress(): ProjectionProgress[] {
    const bus = [...this.bus.values()].map(({ name, version }): ProjectionProgress => ({ name, version, status: this.started.has(name) ? 'live' : 'starting', position: 0n, target: 0n, rebuilding: false, unreadable: 0 }));
    return [...[...this.runners.values()].map((runner) => runner.progress), ...bus];
  }
}
