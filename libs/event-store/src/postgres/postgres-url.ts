/**
 * `postgres://…?schema=name`, as the PostgreSQL stores take it (the event store here, the subject
 * key store in libs/privacy). `schema` is ours (Prisma reads it the same way), not libpq's.
 */

/** A schema or table name the stores put in their SQL: lower-case, unquoted-safe. */
export const POSTGRES_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Whether `url` is postgres:// or postgresql://, a URL, its `schema` (if any) a plain identifier. Says nothing about reachability. */
export function acceptsPostgresUrl(url: string): boolean {
  if (!/^postgres(ql)?:\/\/\S+$/.test(url)) return false;
  try {
    const schema = new URL(url).searchParams.get('schema');
    return schema === null || POSTGRES_IDENTIFIER.test(schema);
  } catch {
    return false;
  }
}

/** The URL pg connects to (without `schema`) and the schema it named; an unparseable URL is passed on for pg to refuse. */
export function splitSchemaParameter(url: string): { connectionString: string; schema?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url };
  }
  const schema = parsed.searchParams.get('schema');
  if (schema === null) return { connectionString: url };
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema };
}
