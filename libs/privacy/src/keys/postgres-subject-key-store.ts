import { randomBytes } from 'node:crypto';
import { acceptsPostgresUrl, POSTGRES_IDENTIFIER, splitSchemaParameter } from '@wijkteam/event-store';
import { Pool } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { PrivacyError, KeyStoreUnavailable, SubjectErased } from '../errors';
import type { MasterKey } from './master-key';
import { unwrapStoredKey, wrapSubjectKey } from './stored-key';
import type { SubjectKey, SubjectKeyStore } from './subject-key-store';

/**
 * The key store shared by all replicas of a service: PostgreSQL, one database (or schema) per
 * service, so services never see each other's keys. Same rules as the SQLite store: key material
 * only wrapped by the master key (AAD `${keyId}|${subjectId}`), a tombstone row (ids and time, no
 * material) after destruction, so "erased" stays distinguishable from "never issued here" and no
 * new key is issued for an erased subject.
 *
 * What PostgreSQL does with the overwritten row on destruction: an UPDATE writes a new row version,
 * and the old one, wrapped key included, stays in the table's pages as a dead tuple until VACUUM
 * (usually autovacuum) removes it; even then PostgreSQL only makes the space reusable and does not
 * promise to overwrite it. The old version is also in the WAL, and in any WAL archive or base backup,
 * until those are recycled or expire. This store does not run VACUUM itself: VACUUM cannot run inside
 * a transaction block, needs ownership of the table, and would not reach the WAL or the backups
 * anyway. What makes the erasure final is that a leftover wrapped key is useless without the master
 * key, which never enters the database. The operator's part (README.md): an autovacuum policy for
 * this table, e.g. `ALTER TABLE subject_keys SET (autovacuum_vacuum_scale_factor = 0,
 * autovacuum_vacuum_threshold = 1)`, and a backup and WAL-archive retention within the erasure
 * deadline.
 */
const ddl = (table: string) => `
CREATE TABLE ${table} (
  key_id       text        PRIMARY KEY,
  subject_id   text        NOT NULL UNIQUE,
  kek_id       text,
  wrapped      bytea,
  created_at   timestamptz NOT NULL,
  destroyed_at timestamptz,
  CHECK ((wrapped IS NULL) = (destroyed_at IS NOT NULL)),
  CHECK ((kek_id IS NULL) = (wrapped IS NULL))
)`;

export interface PostgresSubjectKeyStoreOptions {
  /**
   * Schema of the key table, created when missing; also `?schema=name` in the URL (as Prisma reads
   * it), this option winning. Default: none, the table is found or created in the connection's
   * search_path.
   */
  schema?: string;
  /** Default 'subject_keys'. */
  table?: string;
  /** Connections per process; default 4. */
  maxConnections?: number;
  /** Default 5 s to get a connection, 10 s for a query: a request fails (503) rather than hangs. */
  connectTimeoutMs?: number;
  queryTimeoutMs?: number;
}

interface KeyRow {
  key_id: string;
  subject_id: string;
  kek_id: string | null;
  wrapped: Buffer | null;
  destroyed_at: Date | null;
}

const COLUMNS = 'key_id, subject_id, kek_id, wrapped, destroyed_at';

export class PostgresSubjectKeyStore implements SubjectKeyStore {
  private closing?: Promise<void>;

  /**
   * Connects and creates the table (and schema) if missing. Throws KeyStoreUnavailable('unreachable')
   * when that fails; the URL (it holds credentials) is never part of a message.
   */
  static async open(url: string, masterKey: MasterKey, options: PostgresSubjectKeyStoreOptions = {}): Promise<PostgresSubjectKeyStore> {
    const { connectionString, schema: schemaInUrl } = splitSchemaParameter(url);
    const schemaName = options.schema ?? schemaInUrl;
    const schema = schemaName === undefined ? undefined : identifier(schemaName, 'schema');
    const name = identifier(options.table ?? 'subject_keys', 'table');
    const table = schema ? `"${schema}"."${name}"` : `"${name}"`;
    let pool: Pool | undefined;
    try {
      pool = new Pool({
        connectionString,
        max: options.maxConnections ?? 4,
        connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
        query_timeout: options.queryTimeoutMs ?? 10_000,
        idleTimeoutMillis: 30_000,
        application_name: 'wijkteam-subject-keys',
      });
      // An idle connection that breaks (server restart) is reported here; without a listener Node
      // would end the process. The pool drops it, and the next query reconnects or fails as a 503.
      pool.on('error', () => undefined);
      await createTableIfMissing(pool, schema, table);
      return new PostgresSubjectKeyStore(pool, masterKey, table);
    } catch (error) {
      await pool?.end().catch(() => undefined);
      throw new KeyStoreUnavailable('unreachable', { cause: causeOf(error) });
    }
  }

  /** Whether open() can take `url` (libs/event-store's postgres-url.ts); says nothing about reachability. For configuration checks at start-up. */
  static acceptsUrl(url: string): boolean {
    return acceptsPostgresUrl(url);
  }

  private constructor(
    private readonly pool: Pool,
    private readonly masterKey: MasterKey,
    private readonly table: string,
  ) {}

  async keyForSubject(subjectId: string): Promise<SubjectKey> {
    return this.guard(async () => {
      let row = await this.rowWhere('subject_id', subjectId);
      if (!row) {
        const keyId = uuidv7();
        const material = randomBytes(32);
        const wrapped = wrapSubjectKey(this.masterKey, keyId, subjectId, material);
        material.fill(0);
        // Two replicas may create the subject's first key at the same moment: the unique subject_id
        // lets one row win, and the other replica reads that row instead of its own.
        const inserted = await this.pool.query<KeyRow>(
          `INSERT INTO ${this.table} (key_id, subject_id, kek_id, wrapped, created_at) VALUES ($1, $2, $3, $4, now())
           ON CONFLICT (subject_id) DO NOTHING RETURNING ${COLUMNS}`,
          [keyId, subjectId, this.masterKey.id, wrapped],
        );
        row = inserted.rows[0] ?? (await this.rowWhere('subject_id', subjectId));
        if (!row) throw new KeyStoreUnavailable();
      }
      const key = this.unwrap(row);
      if (key === 'destroyed') throw new SubjectErased();
      return key;
    });
  }

  async keyById(keyId: string): Promise<SubjectKey | 'destroyed' | undefined> {
    return this.guard(async () => {
      const row = await this.rowWhere('key_id', keyId);
      return row ? this.unwrap(row) : undefined;
    });
  }

  async destroyKeysOf(subjectId: string, at: Date): Promise<string[]> {
    return this.guard(async () => {
      // One statement, so one transaction: it destroys the subject's key or, when there is none,
      // writes the tombstone that bars new ones. An UPDATE followed by an INSERT could miss a key
      // another replica inserts between the two and leave it alive; ON CONFLICT DO UPDATE waits for
      // that insert and then destroys it. An earlier destruction (and its time) is left as it is.
      const { rows } = await this.pool.query<{ key_id: string }>(
        `INSERT INTO ${this.table} AS k (key_id, subject_id, created_at, destroyed_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (subject_id) DO UPDATE SET wrapped = NULL, kek_id = NULL, destroyed_at = EXCLUDED.destroyed_at
         WHERE k.destroyed_at IS NULL
         RETURNING k.key_id`,
        [uuidv7(), subjectId, at],
      );
      if (rows.length > 0) return rows.map((row) => row.key_id);
      const earlier = await this.rowWhere('subject_id', subjectId); // destroyed before: idempotent
      return earlier ? [earlier.key_id] : [];
    });
  }

  async ping(): Promise<void> {
    await this.guard(() => this.pool.query(`SELECT 1 FROM ${this.table} LIMIT 1`));
  }

  /** Ends the pool; calling it again is harmless. Afterwards every call is a 503. */
  async close(): Promise<void> {
    this.closing ??= this.pool.end().catch(() => undefined);
    await this.closing;
  }

  private async rowWhere(column: 'subject_id' | 'key_id', value: string): Promise<KeyRow | undefined> {
    const { rows } = await this.pool.query<KeyRow>(`SELECT ${COLUMNS} FROM ${this.table} WHERE ${column} = $1`, [value]);
    return rows[0];
  }

  private unwrap(row: KeyRow): SubjectKey | 'destroyed' {
    return unwrapStoredKey(row, this.masterKey);
  }

  /** Any PostgreSQL or connection failure (closed pool, network, timeout) is a 503; our own errors pass. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof PrivacyError) throw error;
      throw new KeyStoreUnavailable('unreachable', { cause: causeOf(error) });
    }
  }
}

/**
 * Two replicas starting together must not both create the table: `IF NOT EXISTS` is not safe
 * against itself (one fails on a catalog index), so the first takes a lock and the second finds the
 * table. And only what is missing is created: CREATE … IF NOT EXISTS still needs the CREATE
 * privilege, which a least-privilege role may lack once the table exists.
 */
async function createTableIfMissing(pool: Pool, schema: string | undefined, table: string): Promise<void> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`wijkteam.subject-keys:${table}`]);
    if (schema && (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 0) await client.query(`CREATE SCHEMA "${schema}"`);
    const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table]);
    if (rows[0]?.found === null) await client.query(ddl(table));
    await client.query('COMMIT');
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // A connection left in a failed transaction is not given back for reuse.
    client.release(failed);
  }
}

/** `schema` is ours, not a libpq parameter: taken out before pg reads the URL. */
function identifier(name: string, what: string): string {
  if (!POSTGRES_IDENTIFIER.test(name)) throw new TypeError(`PostgresSubjectKeyStore: ${what} must be a lower-case SQL identifier`);
  return name;
}

/**
 * The cause kept for diagnosis: the SQLSTATE or socket error code only. pg's messages and details
 * can quote values (a unique violation names the key), and errors end up in logs (pino prints causes).
 */
function causeOf(error: unknown): Error {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  return new Error(`postgres failure: ${typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'no code'}`);
}
