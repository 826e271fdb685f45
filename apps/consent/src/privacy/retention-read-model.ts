import { Injectable } from '@nestjs/common';
import { type DueForDestruction, dueForDestruction, type RetentionState } from '../domain/retention';
import { Inbox, type SqliteDatabase } from '@wijkteam/messaging';

/**
 * The retention clock as a read model (Jeugdwet art. 7.3.8), in the consent service's messaging
 * database, so that each change is written in one transaction with its inbox record
 * (`ctx.handleOnce`): a redelivered closure changes nothing. Holds ids and dates only, never a name.
 * Which clients are due is decided by the pure `dueForDestruction` of the domain over these rows.
 */
@Injectable()
export class RetentionReadModel {
  private readonly db: SqliteDatabase;

  constructor(inbox: Inbox) {
    this.db = inbox.db;
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS retention_case_files (
        client_id TEXT NOT NULL,
        case_file_id TEXT NOT NULL,
        closed_at TEXT,
        revision INTEGER NOT NULL,
        PRIMARY KEY (client_id, case_file_id)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS retention_erased (
        client_id TEXT PRIMARY KEY,
        erased_at TEXT NOT NULL
      ) WITHOUT ROWID;`);
  }

  /**
   * A closure (`closedAt`) or a reopening (null) of one case file at its stream revision. Older
   * revisions than the one stored are ignored, so a republished history cannot roll the clock back.
   */
  static recordCaseFile(db: SqliteDatabase, clientId: string, caseFileId: string, closedAt: string | null, revision: bigint): void {
    db.prepare(
      `INSERT INTO retention_case_files (client_id, case_file_id, closed_at, revision) VALUES (?, ?, ?, ?)
       ON CONFLICT (client_id, case_file_id) DO UPDATE SET closed_at = excluded.closed_at, revision = excluded.revision
       WHERE excluded.revision > retention_case_files.revision`,
    ).run(clientId, caseFileId, closedAt, revision);
  }

  static recordErasure(db: SqliteDatabase, clientId: string, erasedAt: string): void {
    db.prepare('INSERT OR IGNORE INTO retention_erased (client_id, erased_at) VALUES (?, ?)').run(clientId, erasedAt);
  }

  /** The clients due for destruction at `now`, oldest first. */
  due(now: Date, retentionYears: number): DueForDestruction[] {
    return dueForDestruction(this.state(), now, { retentionYears });
  }

  isDue(clientId: string, now: Date, retentionYears: number): boolean {
    return dueForDestruction(this.state(clientId), now, { retentionYears }).length > 0;
  }

  /** The rows of one client, or of all. */
  private state(clientId?: string): RetentionState {
    const where = clientId === undefined ? '' : ' WHERE client_id = ?';
    const args = clientId === undefined ? [] : [clientId];
    const rows = this.db.prepare(`SELECT client_id, case_file_id, closed_at FROM retention_case_files${where}`).all(...args) as Row[];
    const erased = (this.db.prepare(`SELECT client_id FROM retention_erased${where}`).all(...args) as { client_id: string }[]).map((row) => row.client_id);
    return toState(rows, erased);
  }
}

interface Row {
  client_id: string;
  case_file_id: string;
  closed_at: string | null;
}

function toState(rows: Row[], erased: string[]): RetentionState {
  const clients: RetentionState['clients'] = {};
  for (const row of rows) (clients[row.client_id] ??= {})[row.case_file_id] = row.closed_at;
  return { clients, erased };
}
