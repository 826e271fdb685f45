import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import sqlite3 from 'sqlite3';
import type { EventToAppend } from '@wijkteam/event-store';

/**
 * The peer: Emmett's SQLite event store (0.38.5 ships a CommonJS build, so a plain import works).
 * Used as Emmett documents it: `getSQLiteEventStore({ fileName })` with its defaults. With a file it
 * opens a sqlite3 connection per call, sets journal_mode=WAL and leaves synchronous at SQLite's
 * default; appends here pass no expected version (its cheapest path).
 */
export class EmmettPeer {
  /** Appends that failed with SQLITE_BUSY and were retried, over all peers of this process. */
  static retries = 0;
  private readonly store: ReturnType<typeof getSQLiteEventStore>;

  constructor(file: string) {
    this.store = getSQLiteEventStore({ fileName: file });
  }

  /**
   * Emmett 0.38.5 now and then fails the COMMIT with SQLITE_BUSY "cannot commit transaction - SQL
   * statements in progress" (nothing else touches the file), logs the error and rolls back. An
   * application would retry, so we do, inside the timed operation, and count the retries.
   */
  async appendToStream(stream: string, events: readonly EventToAppend[]): Promise<void> {
    const messages = events.map((event) => ({ type: event.type, data: event.data, metadata: { ...event.metadata, messageId: event.id } }));
    for (let attempt = 1; ; attempt++) {
      try {
        await quietly(() => this.store.appendToStream(stream, messages));
        return;
      } catch (error) {
        if (!isBusy(error) || attempt >= 5) throw error;
        EmmettPeer.retries += 1;
      }
    }
  }
}

function isBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}

/** Runs `work` with Emmett's console.log of the SQLITE_BUSY error it is about to throw suppressed. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...args: unknown[]) => (isBusy(args[0]) ? undefined : log(...args));
  try {
    return await work();
  } finally {
    console.log = log;
  }
}

/**
 * Emmett's effective durability, read back from a file it created: journal mode and the
 * synchronous level a fresh sqlite3 connection gets (Emmett never sets it, so that is its setting).
 */
export function emmettDurability(file: string): Promise<string> {
  const levels = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      db.get('PRAGMA journal_mode', (modeError, mode: { journal_mode: string }) => {
        db.get('PRAGMA synchronous', (syncError, sync: { synchronous: number }) => {
          db.close();
          if (modeError || syncError) return reject(modeError ?? syncError);
          resolve(`${mode.journal_mode.toUpperCase()}, synchronous=${levels[sync.synchronous] ?? sync.synchronous}`);
        });
      });
    });
  });
}
