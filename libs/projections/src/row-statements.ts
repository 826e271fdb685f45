import type Database from 'better-sqlite3';
import type { EntityManager, EntityMetadata, EntitySchema, ObjectLiteral } from 'typeorm';

/**
 * A read model's per-event statements without a query builder: rebuilding a read model runs a few
 * statements per event for hundreds of thousands of events, and TypeORM's builders (`findOneBy`,
 * `save`: a SELECT, then an INSERT or UPDATE) cost far more than the statement itself. Each text is
 * built once per table and column set from the entity schema and stays prepared (see runStatement).
 * For tables of plain columns (text and numbers, no transformers), as read models are.
 */

const texts = new WeakMap<EntityMetadata, Map<string, string>>();
/** Texts prepared on better-sqlite3, per connection; numbered texts for PostgreSQL. Bounded: a few texts vary with a group's size. */
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement<unknown[]>>>();
const numbered = new Map<string, string>();
const KEEP_TEXTS = 200;

function remember<T>(cache: Map<string, T>, text: string, make: () => T): T {
  let value = cache.get(text);
  if (value === undefined) {
    value = make();
    cache.set(text, value);
    if (cache.size > KEEP_TEXTS) cache.delete(cache.keys().next().value as string);
  }
  return value;
}

/**
 * Runs a statement written with `?` placeholders inside `tx`'s transaction and answers its rows
 * (none for a write without RETURNING). On better-sqlite3 the prepared statement is called directly
 * on the connection TypeORM's transaction runs on (one connection: same transaction, same commit),
 * with no query runner in between; on PostgreSQL through the transaction's query runner, the
 * placeholders numbered ($1, $2, …).
 */
export async function runStatement<Row = ObjectLiteral>(tx: EntityManager, text: string, parameters: readonly unknown[]): Promise<Row[]> {
  if (tx.connection.options.type === 'better-sqlite3') {
    const db = (tx.connection.driver as unknown as { databaseConnection: Database.Database }).databaseConnection;
    let statements = prepared.get(db);
    if (!statements) prepared.set(db, (statements = new Map()));
    const statement = remember(statements, text, () => db.prepare<unknown[]>(text));
    // An array binds positionally: no spread per call.
    if (statement.reader) return statement.all(parameters) as Row[];
    statement.run(parameters);
    return [];
  }
  let n = 0;
  const result: unknown = await tx.query(remember(numbered, text, () => text.replace(/\?/g, () => `$${++n}`)), [...parameters]);
  return Array.isArray(result) ? (result as Row[]) : [];
}

function textFor(tx: EntityManager, metadata: EntityMetadata, key: string, build: (quote: (name: string) => string, columnOf: (property: string) => string) => string): string {
  let byKey = texts.get(metadata);
  if (!byKey) texts.set(metadata, (byKey = new Map()));
  let text = byKey.get(key);
  if (text === undefined) {
    const quote = (name: string) => tx.connection.driver.escape(name);
    const columnOf = (property: string) => {
      const column = metadata.columns.find((candidate) => candidate.propertyName === property);
      if (!column) throw new Error(`${metadata.tableName} has no column ${property}`);
      return quote(column.databaseName);
    };
    text = build(quote, columnOf);
    byKey.set(key, text);
  }
  return text;
}

const metadataCache = new WeakMap<object, Map<EntitySchema, EntityMetadata>>();

/** The table's metadata in this data source (TypeORM looks it up by a search each time). */
function metadataOf(tx: EntityManager, table: EntitySchema): EntityMetadata {
  let byTable = metadataCache.get(tx.connection);
  if (!byTable) metadataCache.set(tx.connection, (byTable = new Map()));
  let metadata = byTable.get(table);
  if (!metadata) byTable.set(table, (metadata = tx.connection.getMetadata(table)));
  return metadata;
}

const valuesOf = (row: ObjectLiteral, properties: readonly string[]) => properties.map((property) => row[property] ?? null);

/** Writes the whole row, replacing the one with its primary key (what `save` does, in one statement). */
export async function saveRow<Row extends ObjectLiteral>(tx: EntityManager, table: EntitySchema<Row>, row: Row): Promise<void> {
  const metadata = metadataOf(tx, table);
  const properties = metadata.columns.map((column) => column.propertyName);
  const text = textFor(tx, metadata, 'save', (quote, columnOf) => {
    const keys = metadata.primaryColumns.map((column) => quote(column.databaseName));
    const others = metadata.columns.filter((column) => !column.isPrimary).map((column) => quote(column.databaseName));
    const update = others.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${others.map((column) => `${column} = excluded.${column}`).join(', ')}`;
    return `INSERT INTO ${quote(metadata.tableName)} (${properties.map(columnOf).join(', ')}) VALUES (${properties.map(() => '?').join(', ')}) ON CONFLICT (${keys.join(', ')}) ${update}`;
  });
  await runStatement(tx, text, valuesOf(row, properties));
}

/** Inserts the whole row (a row with its primary key already there is an error, as with `insert`). */
export async function insertRow<Row extends ObjectLiteral>(tx: EntityManager, table: EntitySchema<Row>, row: Row): Promise<void> {
  const metadata = metadataOf(tx, table);
  const properties = metadata.columns.map((column) => column.propertyName);
  const text = textFor(tx, metadata, 'insert', (quote, columnOf) => `INSERT INTO ${quote(metadata.tableName)} (${properties.map(columnOf).join(', ')}) VALUES (${properties.map(() => '?').join(', ')})`);
  await runStatement(tx, text, valuesOf(row, properties));
}

function selectText(tx: EntityManager, metadata: EntityMetadata, where: readonly string[], limit: string): string {
  return textFor(tx, metadata, `select ${where.join(' ')}${limit}`, (quote, columnOf) => {
    const columns = metadata.columns.map((column) => `${quote(column.databaseName)} AS ${quote(column.propertyName)}`);
    return `SELECT ${columns.join(', ')} FROM ${quote(metadata.tableName)} WHERE ${where.map((property) => `${columnOf(property)} = ?`).join(' AND ')}${limit}`;
  });
}

/** The rows whose columns equal `where` (property names, as `findBy`). */
export async function findRows<Row extends ObjectLiteral>(tx: EntityManager, table: EntitySchema<Row>, where: Partial<Row>): Promise<Row[]> {
  const metadata = metadataOf(tx, table);
  const properties = Object.keys(where);
  return runStatement<Row>(tx, selectText(tx, metadata, properties, ''), valuesOf(where, properties));
}

/** The first row whose columns equal `where`, or undefined (as `findOneBy`, which answers null). */
export async function findRow<Row extends ObjectLiteral>(tx: EntityManager, table: EntitySchema<Row>, where: Partial<Row>): Promise<Row | undefined> {
  const metadata = metadataOf(tx, table);
  const properties = Object.keys(where);
  const [row] = await runStatement<Row>(tx, selectText(tx, metadata, properties, ' LIMIT 1'), valuesOf(where, properties));
  return row;
}

/** Deletes the rows whose columns equal `where`. */
export async function deleteRows<Row extends ObjectLiteral>(tx: EntityManager, table: EntitySchema<Row>, where: Partial<Row>): Promise<void> {
  const metadata = metadataOf(tx, table);
  const properties = Object.keys(where);
  const text = textFor(tx, metadata, `delete ${properties.join(' ')}`, (quote, columnOf) => `DELETE FROM ${quote(metadata.tableName)} WHERE ${properties.map((property) => `${columnOf(property)} = ?`).join(' AND ')}`);
  await runStatement(tx, text, valuesOf(where, properties));
}

/**
 * Sets `set`'s columns on the rows whose columns equal `where`; a null in `where` matches a NULL
 * column (as TypeORM's `IsNull()`), so "the open one" (`until: null`) is one statement.
 */
export async function updateRows<Row extends ObjectLiteral>(tx: EntityManager, table: EntitySchema<Row>, where: Partial<Row>, set: Partial<Row>): Promise<void> {
  const metadata = metadataOf(tx, table);
  const changed = Object.keys(set);
  const matched = Object.keys(where).filter((property) => where[property] !== null);
  const unset = Object.keys(where).filter((property) => where[property] === null);
  const text = textFor(tx, metadata, `update ${changed.join(' ')} where ${matched.join(' ')} null ${unset.join(' ')}`, (quote, columnOf) => {
    const conditions = [...matched.map((property) => `${columnOf(property)} = ?`), ...unset.map((property) => `${columnOf(property)} IS NULL`)];
    return `UPDATE ${quote(metadata.tableName)} SET ${changed.map((property) => `${columnOf(property)} = ?`).join(', ')} WHERE ${conditions.join(' AND ')}`;
  });
  await runStatement(tx, text, [...valuesOf(set, changed), ...valuesOf(where, matched)]);
}
