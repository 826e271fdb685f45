import { spawnSync } from 'node:child_process';

/** The PostgreSQL that tests use: KEY_STORE_TEST_POSTGRES_URL, or the one running on every machine (CI included). */
export const TEST_POSTGRES_URL = process.env.KEY_STORE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Why PostgreSQL at `url` cannot be used, or undefined when it answers. Synchronous (a child process
 * runs the probe) because Jest defines tests synchronously: a spec decides at load time whether its
 * PostgreSQL cases run or are reported as skipped. The reason is an error code, never the URL.
 */
export function whyPostgresUnreachable(url: string = TEST_POSTGRES_URL): string | undefined {
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const { Client } = require('pg');
const client = new Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 5000 });
client.connect().then(() => client.query('SELECT 1')).then(() => client.end(), (e) => { process.stdout.write(String(e.code || 'no answer')); process.exit(1); });`,
    ],
    { cwd: __dirname, env: { ...process.env, PROBE_URL: url }, encoding: 'utf8', timeout: 20_000 },
  );
  if (probe.status === 0) return undefined;
  return probe.stdout || (probe.error ? 'probe failed to run' : `probe ended with ${probe.status ?? probe.signal}`);
}

/** One statement on its own connection: a test's look at (or clean-up of) what a store wrote. */
export async function queryPostgres<Row>(text: string, values: unknown[] = [], url: string = TEST_POSTGRES_URL): Promise<Row[]> {
  // Loaded on use: most specs that import the testing lib never touch PostgreSQL.
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** Empties `schema` (dropped and created again) and answers the URL whose connections use it: one spec's own PostgreSQL tables. */
export async function freshPostgresSchema(schema: string): Promise<string> {
  await queryPostgres(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await queryPostgres(`CREATE SCHEMA ${schema}`);
  return `${TEST_POSTGRES_URL}?options=-c%20search_path%3D${schema}`;
}
