import type { LoggerService } from '@nestjs/common';
import { type EventStore, type RecordedEvent, UnreadableEvent } from '@wijkteam/event-store';
import type { DataSource } from 'typeorm';
import { type Projection, projects } from './projection';
import { advanceCheckpoint, loadCheckpoint, resetProjection } from './projection-database';

export type ProjectionStatus = 'starting' | 'catching_up' | 'live' | 'stopped';

export interface ProjectionProgress {
  name: string;
  version: number;
  status: ProjectionStatus;
  /** Store position the projection is done with (read and applied or skipped; its stored checkpoint may trail it). */
  position: bigint;
  /** Store head when the catch-up began (what "caught up" means). */
  target: bigint;
  /** Whether this start rebuilds from the beginning (new projection or new version). */
  rebuilding: boolean;
  /** Stored records of its streams and types it could not read and passed since start (see ProjectionRunner.passUnreadable). */
  unreadable: number;
}

export interface RunnerOptions {
  /** Events per read page and per transaction. */
  batchSize?: number;
  /** Skipped positions (other streams) after which the checkpoint is written anyway. */
  skipSaveDistance?: bigint;
  /** Milliseconds between progress lines in the log while catching up. */
  progressEveryMs?: number;
}

class CheckpointMoved extends Error {}

/**
 * Runs one transaction at a time. better-sqlite3 is one synchronous connection: a second
 * transaction opened on it while the first awaits would interleave, and a second connection to the
 * same file in the same thread would wait on a lock the waiting thread itself holds. So the runners
 * of one database take turns.
 */
export class TransactionQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * Keeps one projection current from its service's own store: pages through the history from the
 * checkpoint (each page one transaction: rows and checkpoint together, compare-and-set on the
 * checkpoint), then follows the live subscription. `start()` returns once the checkpoint is read,
 * so nothing waits for a catch-up: callers ask `status` (`live` = as current as the store head was
 * when the runner started, and following).
 */
export class ProjectionRunner {
  private state: ProjectionStatus = 'starting';
  /** The stored checkpoint: where the next compare-and-set starts from. */
  private done = 0n;
  /** The last position read, applied or skipped: what progress reports. */
  private seen = 0n;
  private target = 0n;
  private rebuilding = false;
  private unreadable = 0;
  private readonly stopped = new AbortController();
  private loop: Promise<void> | undefined;
  private readonly caughtUp: Promise<void>;
  private readonly listeners = new Set<(events: readonly RecordedEvent[]) => void>();
  private markCaughtUp!: () => void;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly db: DataSource,
    private readonly logger: LoggerService,
    private readonly options: RunnerOptions = {},
    private readonly queue: TransactionQueue = new TransactionQueue(),
  ) {
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
  }

  get status(): ProjectionStatus {
    return this.state;
  }

  get progress(): ProjectionProgress {
    const { name, version } = this.projection;
    return { name, version, status: this.state, position: this.seen > this.done ? this.seen : this.done, target: this.target, rebuilding: this.rebuilding, unreadable: this.unreadable };
  }

  /** Called after each committed batch with the events it applied: a cache over the rows follows them. */
  onApplied(listener: (events: readonly RecordedEvent[]) => void): void {
    this.listeners.add(listener);
  }

  /** Resolves when the projection has reached the store head of its start (for tools and tests). */
  whenLive(): Promise<void> {
    return this.caughtUp;
  }

  /** Reads the checkpoint (resetting the projection when its version changed) and runs in the background. */
  async start(): Promise<void> {
    const { name, version, tables } = this.projection;
    const checkpoint = await loadCheckpoint(this.db.manager, name);
    if (!checkpoint || checkpoint.version !== version) {
      await this.queue.run(() => this.db.transaction((tx) => resetProjection(tx, name, version, tables)));
      this.rebuilding = true;
      this.logger.log(`projection ${name}: ${checkpoint ? `version ${checkpoint.version} → ${version}` : 'new'}, rebuilding from the history in the background`);
    } else this.done = BigInt(checkpoint.position);
    this.target = await this.store.headPosition();
    this.state = 'catching_up';
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    await this.loop;
    this.state = 'stopped';
  }

  /**
   * Empties the rows and reads the whole history again: the `projections:rebuild` command, on a
   * runner that was not started (the service is stopped, or the rows would be written twice over).
   */
  async rebuild(): Promise<void> {
    if (this.loop) throw new Error(`projection ${this.projection.name} is running: rebuild it with the service stopped, or bump its version`);
    const { name, version, tables } = this.projection;
    await this.queue.run(() => this.db.transaction((tx) => resetProjection(tx, name, version, tables)));
    this.done = 0n;
    this.seen = 0n;
    this.rebuilding = true;
    this.target = await this.store.headPosition();
    await this.catchUp();
  }

  /**
   * Catch up, go live, follow; on a failure (the database away, a handler throwing) the runner is
   * no longer live, says so, waits (backoff up to 30 s) and resumes from its stored checkpoint: what
   * depends on it answers 503 meanwhile instead of reading rows that stopped moving.
   */
  private async run(): Promise<void> {
    const { signal } = this.stopped;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        await this.catchUp();
        if (signal.aborted) return;
        this.state = 'live';
        this.markCaughtUp();
        attempt = 0;
        await this.follow();
      } catch (error) {
        if (signal.aborted) return;
        this.state = 'catching_up';
        const delay = Math.min(30_000, 500 * 2 ** attempt);
        this.logger.error(`projection ${this.projection.name}: failed on ${error instanceof Error ? error.name : typeof error}; resuming from its checkpoint in ${delay} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
        const checkpoint = await loadCheckpoint(this.db.manager, this.projection.name).catch(() => undefined);
        if (checkpoint) this.done = BigInt(checkpoint.position);
        this.seen = this.done;
        this.target = await this.store.headPosition().catch(() => this.target);
      }
    }
  }

  private async catchUp(): Promise<void> {
    const { batchSize = 1000, progressEveryMs = 5000 } = this.options;
    const started = Date.now();
    let reported = started;
    let applied = 0;
    while (!this.stopped.signal.aborted) {
      let page: RecordedEvent[] = [];
      let unreadable: UnreadableEvent | undefined;
      try {
        for await (const event of this.store.readAll({ fromPosition: this.done === 0n ? 'start' : this.done, maxCount: batchSize })) page.push(event);
      } catch (error) {
        if (!(error instanceof UnreadableEvent)) throw error;
        unreadable = error;
        page = await this.readBefore(error.position);
      }
      if (page.length > 0) applied += await this.applyBatch(page, true);
      if (unreadable) {
        await this.passUnreadable(unreadable);
        continue;
      }
      if (page.length === 0) break;
      if (Date.now() - reported >= progressEveryMs) {
        reported = Date.now();
        this.logger.log(`projection ${this.projection.name}: catching up, position ${this.done} of ${this.target}`);
      }
      if (page.length < batchSize) break;
    }
    if (this.rebuilding) this.logger.log(`projection ${this.projection.name}: rebuilt, ${applied} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  private async follow(): Promise<void> {
    while (!this.stopped.signal.aborted) {
      const subscription = this.store.subscribeToAll({ fromPosition: this.done === 0n ? 'start' : this.done, signal: this.stopped.signal });
      try {
        for await (const event of subscription) await this.applyBatch([event], false);
      } catch (error) {
        if (this.stopped.signal.aborted) return;
        // Everything before it was applied (the subscription yields it first).
        if (error instanceof UnreadableEvent) await this.passUnreadable(error);
        else if (!(error instanceof CheckpointMoved)) throw error;
      } finally {
        await subscription.close();
      }
    }
  }

  /** The events after the checkpoint and before an unreadable record (a read page fails as a whole; the subscription yields them first). */
  private async readBefore(position: bigint): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    const subscription = this.store.subscribeToAll({ fromPosition: this.done === 0n ? 'start' : this.done, signal: this.stopped.signal });
    try {
      for await (const event of subscription) {
        if (event.position >= position) break;
        events.push(event);
      }
    } catch (error) {
      if (!(error instanceof UnreadableEvent)) throw error;
    } finally {
      await subscription.close();
    }
    return events;
  }

  /**
   * A stored record that is not an event at all (written past the store's API; the store keeps it,
   * append-only): the checkpoint moves past it, so the read model goes on instead of failing on it at
   * every resume and leaving everything that depends on it unavailable. When it is of the
   * projection's streams and types its rows may lack its effect: the log line and the `unreadable`
   * count (`wijkteam_projection_unreadable_records`) say so, with its position, for an operator to
   * decide on (the seals of `audit:verify` show whether it was ever a real event).
   */
  private async passUnreadable(unreadable: UnreadableEvent): Promise<void> {
    const { name } = this.projection;
    const from = this.done;
    const moved = await this.queue.run(() => this.db.transaction((tx) => advanceCheckpoint(tx, name, from, unreadable.position)));
    if (!moved) {
      const current = await loadCheckpoint(this.db.manager, name);
      this.done = current ? BigInt(current.position) : 0n;
      this.seen = this.done;
      return;
    }
    this.done = unreadable.position;
    this.seen = unreadable.position;
    if (!projects(this.projection, unreadable)) return;
    this.unreadable += 1;
    this.logger.error(`projection ${name}: stored record ${unreadable.eventId} at position ${unreadable.position} (${unreadable.type}) unreadable (${unreadable.reason}); passed without its effect`);
  }

  /**
   * One transaction: the checkpoint past the whole page and the rows of its matching events. A page
   * with nothing to apply moves the checkpoint only once far enough ahead (cheap restarts, few writes).
   * When another runner moved the checkpoint first, nothing is written and reading resumes from there.
   */
  private async applyBatch(page: readonly RecordedEvent[], catchingUp: boolean): Promise<number> {
    const { skipSaveDistance = 1000n } = this.options;
    const matching = page.filter((event) => projects(this.projection, event));
    const last = page[page.length - 1].position;
    this.seen = last;
    if (matching.length === 0 && !catchingUp && last - this.done < skipSaveDistance) return 0;
    const from = this.done;
    try {
      await this.queue.run(() => this.db.transaction(async (tx) => {
        // The checkpoint first: its compare-and-set takes the write lock (row lock on PostgreSQL,
        // database lock on SQLite) before anything is read, so concurrent runners queue up here.
        if (!(await advanceCheckpoint(tx, this.projection.name, from, last))) throw new CheckpointMoved();
        if (matching.length > 0) await this.projection.handle(matching, tx);
      }));
    } catch (error) {
      if (!(error instanceof CheckpointMoved)) throw error;
      // Another runner got further first: its rows are there; carry on from its checkpoint.
      const current = await loadCheckpoint(this.db.manager, this.projection.name);
      this.done = current ? BigInt(current.position) : 0n;
      this.seen = this.done;
      if (catchingUp) return 0;
      throw error;
    }
    this.done = last;
    if (matching.length > 0) for (const listener of this.listeners) listener(matching);
    return matching.length;
  }
}
