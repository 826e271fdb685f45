import type Database from 'better-sqlite3';
import type { GatewayRefusal } from '../events/gateway';
import type { FailureDescription } from './failure';

/** A message a handler could not process within its retry policy, with why (no stack, no logs). */
export interface DeadLetter {
  consumer: string;
  /** The subject the message was delivered on. */
  subject: string;
  eventId: string | undefined;
  /** The event's position in the store, for what the relay could not publish and stored records a consumer could not read (a decimal string). */
  position?: string;
  deliveries: number;
  error: FailureDescription;
  failedAt: string;
  /**
   * What failed: the message as received (its CloudEvents headers and the data it carried; public
   * data only), its raw text when it had no readable body, for an event the gateway refused to
   * publish ids and the field at fault only (the private data may hold what must not travel), and
   * for a stored record the relay could not read its id, type and the reason code only.
   */
  original: DeadLetterOriginal;
}

export type DeadLetterOriginal =
  | { headers: Record<string, string>; data: unknown }
  | { raw: string }
  | { refused: GatewayRefusal }
  | { unreadable: { eventId: string; type: string; reason: string } };

export interface DeadLetterSink {
  deadLetter(letter: DeadLetter): Promise<void>;
}

/**
 * In-process dead letters: rows in table `dead_letters`, next to the checkpoints. (On JetStream they
 * are messages on `jeugd.dlq.<consumer>` instead.)
 */
export class SqliteDeadLetters implements DeadLetterSink {
  private readonly insert: Database.Statement<[string, string, string | null, string | null, number, string, string, string]>;

  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS dead_letters (
      id INTEGER PRIMARY KEY,
      consumer TEXT NOT NULL,
      subject TEXT NOT NULL,
      event_id TEXT,
      position TEXT,
      deliveries INTEGER NOT NULL,
      error TEXT NOT NULL,
      failed_at TEXT NOT NULL,
      original TEXT NOT NULL
    )`);
    // A table from before positions were kept gains the column; its old rows have none.
    const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('dead_letters') as string[];
    if (!columns.includes('position')) db.exec('ALTER TABLE dead_letters ADD COLUMN position TEXT');
    this.insert = db.prepare(
      'INSERT INTO dead_letters (consumer, subject, event_id, position, deliveries, error, failed_at, original) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  async deadLetter(letter: DeadLetter): Promise<void> {
    this.insert.run(
      letter.consumer,
      letter.subject,
      letter.eventId ?? null,
      letter.position ?? null,
      letter.deliveries,
      JSON.stringify(letter.error),
      letter.failedAt,
      JSON.stringify(letter.original),
    );
  }

  list(consumer?: string): DeadLetter[] {
    const rows = (
      consumer
        ? this.db.prepare('SELECT * FROM dead_letters WHERE consumer = ? ORDER BY id').all(consumer)
        : this.db.prepare('SELECT * FROM dead_letters ORDER BY id').all()
    ) as Array<{ consumer: string; subject: string; event_id: string | null; position: string | null; deliveries: number; error: string; failed_at: string; original: string }>;
    return rows.map((row) => ({
      consumer: row.consumer,
      subject: row.subject,
      eventId: row.event_id ?? undefined,
      ...(row.position === null ? {} : { position: row.position }),
      deliveries: Number(row.deliveries),
      error: JSON.parse(row.error) as FailureDescription,
      failedAt: row.failed_at,
      original: JSON.parse(row.original) as DeadLetter['original'],
    }));
  }
}
