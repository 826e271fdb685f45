import type Database from 'better-sqlite3';

/**
 * A handler's effect on its own SQLite tables. It receives the database it must write to and runs
 * inside the inbox transaction, so it must be synchronous (better-sqlite3 transactions are).
 */
export type InboxEffect = (db: Database.Database) => void;

export class AsyncInboxEffect extends Error {
  readonly code = 'async_inbox_effect';
  constructor() {
    super('an inbox effect must be synchronous: it runs inside one SQLite transaction with the inbox record');
    this.name = 'AsyncInboxEffect';
  }
}

/**
 * Exactly-once effects on an at-least-once bus: the processed event id is recorded in the SAME
 * transaction as the handler's effect. A redelivery (relay republish, NATS redelivery, in-process
 * replay) finds the id and changes nothing; a crash before commit leaves neither id nor effect.
 * Keyed per consumer (handler group), because two groups must each apply the same event once.
 */
/** How long the inbox remembers a processed event. */
export const INBOX_KEEP_DAYS = 30;

export class Inbox {
  private readonly insert: Database.Statement<[string, string, string]>;
  private readonly exists: Database.Statement<[string, string]>;
  private readonly transaction: (consumer: string, eventId: string, effect: InboxEffect) => boolean;

  constructor(readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS inbox (
      consumer TEXT NOT NULL,
      event_id TEXT NOT NULL,
      processed_at TEXT NOT NULL,
      PRIMARY KEY (consumer, event_id)
    ) WITHOUT ROWID`);
    this.insert = db.prepare('INSERT OR IGNORE INTO inbox (consumer, event_id, processed_at) VALUES (?, ?, ?)');
    this.exists = db.prepare('SELECT 1 FROM inbox WHERE consumer = ? AND event_id = ?');
    this.transaction = db.transaction((consumer: string, eventId: string, effect: InboxEffect): boolean => {
      const fresh = this.insert.run(consumer, eventId, new Date().toISOString()).changes === 1;
      if (!fresh) return false;
      const result: unknown = effect(db);
      // Throwing here rolls back the inbox row too, so the event is retried rather than lost.
      if (result instanceof Promise) {
        result.catch(() => undefined);
        throw new AsyncInboxEffect();
      }
      return true;
    });
  }

  /** Applies `effect` unless this consumer already processed `eventId`. True when it was applied now. */
  handleOnce(consumer: string, eventId: string, effect: InboxEffect): boolean {
    return this.transaction(consumer, eventId, effect);
  }

  /**
   * Forgets records older than `before`: redeliveries come within minutes (JetStream's duplicate
   * window, the ack wait), so what the inbox remembers stays bounded. Returns how many went.
   */
  prune(before: Date): number {
    return this.db.prepare('DELETE FROM inbox WHERE processed_at < ?').run(before.toISOString()).changes;
  }

  hasProcessed(consumer: string, eventId: string): boolean {
    return this.exists.get(consumer, eventId) !== undefined;
  }
}
