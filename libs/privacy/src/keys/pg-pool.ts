/**
 * The small part of `pg` (node-postgres) the PostgreSQL key store uses, typed here because
 * `@types/pg` is not installed in this workspace. Loaded with `require` so that no ambient
 * `declare module 'pg'` is needed; once `@types/pg` is a dev dependency, this file can become
 * `import { Pool } from 'pg'`.
 */
export interface PgQueryResult<Row> {
  rows: Row[];
  rowCount: number | null;
}

export interface PgQueryable {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<PgQueryResult<Row>>;
}

export interface PgPoolClient extends PgQueryable {
  /** Pass the error when the connection must not be reused (e.g. a failed ROLLBACK). */
  release(error?: Error | boolean): void;
}

export interface PgPool extends PgQueryable {
  connect(): Promise<PgPoolClient>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface PgPoolConfig {
  connectionString: string;
  max?: number;
  /** 0 (pg's default) waits for ever for a connection: never what a request should do. */
  connectionTimeoutMillis?: number;
  idleTimeoutMillis?: number;
  /** Client-side: a query that gets no answer in time fails instead of hanging. */
  query_timeout?: number;
  application_name?: string;
}

interface PgModule {
  Pool: new (config: PgPoolConfig) => PgPool;
}

export function createPgPool(config: PgPoolConfig): PgPool {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as PgModule;
  return new pg.Pool(config);
}
