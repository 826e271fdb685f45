import { Client } from 'pg';
import type { EventToAppend } from '@wijkteam/event-store';

/**
 * The baseline for the PostgreSQL adapter: raw `pg` on one connection running what an append needs
 * at the same durability (synchronous_commit on, the server's default): BEGIN, the stream's last
 * revision, one multi-row INSERT, COMMIT, on a table with the same columns and unique indexes. Its
 * positions come from a bigserial, without the adapter's writer lock, so they may commit out of
 * order: the practical limit, not a store a reader could follow.
 */
const ddl = (schema: string) => `
DROP SCHEMA IF EXISTS ${schema} CASCADE;
CREATE SCHEMA ${schema};
CREATE TABLE ${schema}.events (
  position    bigserial   PRIMARY KEY,
  stream_name text        NOT NULL,
  revision    bigint      NOT NULL,
  id          text        NOT NULL UNIQUE,
  type        text        NOT NULL,
  data        text        NOT NULL,
  metadata    text        NOT NULL,
  recorded_at timestamptz NOT NULL,
  UNIQUE (stream_name, revision)
);`;

export const RAW_POSTGRES_DURABILITY = 'synchronous_commit=on';

export class RawPostgres {
  private constructor(
    private readonly client: Client,
    private readonly schema: string,
  ) {}

  static async open(url: string, schema: string): Promise<RawPostgres> {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(ddl(schema));
    return new RawPostgres(client, schema);
  }

  async appendToStream(stream: string, events: readonly EventToAppend[], expected: bigint | 'no_stream'): Promise<bigint> {
    await this.client.query('BEGIN');
    try {
      const found = await this.client.query<{ revision: string }>(
        `SELECT revision FROM ${this.schema}.events WHERE stream_name = $1 ORDER BY revision DESC LIMIT 1`,
        [stream],
      );
      const last = found.rows[0] ? BigInt(found.rows[0].revision) : undefined;
      if ((expected === 'no_stream' && last !== undefined) || (expected !== 'no_stream' && last !== expected)) throw new Error('wrong expected version');
      const first = (last ?? -1n) + 1n;
      const recordedAt = new Date();
      await this.client.query(
        `INSERT INTO ${this.schema}.events (stream_name, revision, id, type, data, metadata, recorded_at)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
        [
          events.map(() => stream),
          events.map((_, index) => (first + BigInt(index)).toString()),
          events.map((event) => event.id),
          events.map((event) => event.type),
          events.map((event) => JSON.stringify(event.data)),
          events.map((event) => JSON.stringify(event.metadata)),
          events.map(() => recordedAt),
        ],
      );
      await this.client.query('COMMIT');
      return first + BigInt(events.length - 1);
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
    await this.client.end();
  }
}
