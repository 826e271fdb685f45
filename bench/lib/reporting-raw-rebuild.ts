/**
 * The baseline of bench:reporting's rebuild: each of reporting's read models written by hand with
 * better-sqlite3 prepared statements, the same tables, columns and rows as the projection (checked
 * by sameRows after the rounds), and the same applied-id rows, in one transaction per page of
 * events (or `page`). What a rebuild costs at the least on this machine. A read model without an entry here is
 * reported without a baseline.
 */
import type Database from 'better-sqlite3';
import type { PublicEvent } from '@wijkteam/contracts';
import { type BusProjection, eventOrder } from '@wijkteam/projections';
import BetterSqlite from 'better-sqlite3';
import { groundOf } from '../../apps/reporting/src/projections/consent-figures.projection';

type Data = Record<string, unknown> & { teamId?: string | null };
const PAGE = 1000;
const UNATTRIBUTED = 'unattributed';

const countsDdl = (table: string) =>
  `CREATE TABLE ${table} (team varchar(64) NOT NULL, month varchar(7) NOT NULL, code varchar(64) NOT NULL, detail varchar(64) NOT NULL, count integer NOT NULL, PRIMARY KEY (team, month, code, detail));`;

/** addToCount by hand: +1 or -1 on one count; a count at 0 is removed. */
function counter(db: Database.Database, table: string) {
  const add = db.prepare(`INSERT INTO ${table} VALUES (?, ?, ?, ?, 1) ON CONFLICT (team, month, code, detail) DO UPDATE SET count = count + 1`);
  const subtract = db.prepare(`UPDATE ${table} SET count = count - 1 WHERE team = ? AND month = ? AND code = ? AND detail = ?`);
  const drop = db.prepare(`DELETE FROM ${table} WHERE team = ? AND month = ? AND code = ? AND detail = ? AND count <= 0`);
  return (team: string, month: string, code: string, detail: string, by: 1 | -1 = 1) => {
    if (by === 1) add.run(team, month, code, detail);
    else {
      subtract.run(team, month, code, detail);
      drop.run(team, month, code, detail);
    }
  };
}

/** Pages of events, each in one transaction, each event once (the applied-id row, as applyOnce keeps it). */
function inPages(db: Database.Database, projection: string, events: readonly PublicEvent[], page: number, apply: (event: PublicEvent, data: Data) => void): number {
  db.exec('CREATE TABLE projection_processed (projection varchar(64) NOT NULL, event_id varchar(36) NOT NULL, processed_at varchar(32) NOT NULL, PRIMARY KEY (projection, event_id));');
  const processed = db.prepare('INSERT OR IGNORE INTO projection_processed VALUES (?, ?, ?)');
  const inTransaction = db.transaction((from: number) => {
    const now = new Date().toISOString();
    for (const event of events.slice(from, from + page)) if (processed.run(projection, event.id, now).changes === 1) apply(event, event.data as Data);
  });
  for (let from = 0; from < events.length; from += page) inTransaction(from);
  return events.length;
}

const teamOf = (data: Data): string => data.teamId ?? UNATTRIBUTED;
const month = (time: unknown): string => String(time).slice(0, 7);

function referrals(db: Database.Database, events: readonly PublicEvent[], page = PAGE): number {
  db.exec(`${countsDdl('reporting_referrals_counts')} CREATE TABLE reporting_referrals_routes (referral_id varchar(36) PRIMARY KEY NOT NULL, route varchar(64) NOT NULL);`);
  const count = counter(db, 'reporting_referrals_counts');
  const saveRoute = db.prepare('INSERT INTO reporting_referrals_routes VALUES (?, ?) ON CONFLICT (referral_id) DO UPDATE SET route = excluded.route');
  const routeOf = db.prepare<[string], string>('SELECT route FROM reporting_referrals_routes WHERE referral_id = ?').pluck();
  const outcome: Record<string, string> = { ReferralReceived: 'received', ReferralAccepted: 'accepted', ReferralDeclined: 'declined', ReferralWaitlisted: 'waitlisted' };
  return inPages(db, 'reporting_referrals', events, page, (event, data) => {
    const referralId = data.referralId as string;
    let route: string;
    if ('route' in data) {
      route = data.route as string;
      saveRoute.run(referralId, route);
    } else route = routeOf.get(referralId) ?? 'unknown';
    count(teamOf(data), month(event.type === 'ReferralReceived' ? data.receivedAt : data.decidedAt), route, outcome[event.type]);
  });
}

function closures(db: Database.Database, events: readonly PublicEvent[], page = PAGE): number {
  db.exec(`${countsDdl('reporting_closures_counts')} CREATE TABLE reporting_closures_file_teams (case_file_id varchar(36) PRIMARY KEY NOT NULL, team varchar(64) NOT NULL);`);
  const count = counter(db, 'reporting_closures_counts');
  const saveTeam = db.prepare('INSERT INTO reporting_closures_file_teams VALUES (?, ?) ON CONFLICT (case_file_id) DO UPDATE SET team = excluded.team');
  const teamOfFile = db.prepare<[string], string>('SELECT team FROM reporting_closures_file_teams WHERE case_file_id = ?').pluck();
  return inPages(db, 'reporting_closures', events, page, (event, data) => {
    if (event.type === 'CaseFileOpened') saveTeam.run(data.caseFileId, teamOf(data));
    else count(teamOfFile.get(data.caseFileId as string) ?? UNATTRIBUTED, month(data.closedAt), data.reason as string, '');
  });
}

function consents(db: Database.Database, events: readonly PublicEvent[], page = PAGE): number {
  db.exec(`${countsDdl('reporting_consents_counts')} ${countsDdl('reporting_consents_disclosure_counts')}
    CREATE TABLE reporting_consents_purposes (consent_id varchar(36) PRIMARY KEY NOT NULL, purpose varchar(64) NOT NULL);
    CREATE TABLE reporting_consents_client_teams (client_id varchar(36) PRIMARY KEY NOT NULL, team varchar(64) NOT NULL, event_order varchar(24) NOT NULL);
    CREATE TABLE reporting_consents_pending (event_id varchar(36) PRIMARY KEY NOT NULL, client_id varchar(36) NOT NULL, figure varchar(64) NOT NULL, month varchar(7) NOT NULL, code varchar(64) NOT NULL, detail varchar(64) NOT NULL);
    CREATE INDEX reporting_consents_pending_client ON reporting_consents_pending (client_id);`);
  const counts: Record<string, ReturnType<typeof counter>> = { consents: counter(db, 'reporting_consents_counts'), disclosures: counter(db, 'reporting_consents_disclosure_counts') };
  const savePurpose = db.prepare('INSERT INTO reporting_consents_purposes VALUES (?, ?) ON CONFLICT (consent_id) DO UPDATE SET purpose = excluded.purpose');
  const purposeOf = db.prepare<[string], string>('SELECT purpose FROM reporting_consents_purposes WHERE consent_id = ?').pluck();
  const clientTeam = db.prepare<[string], { team: string; event_order: string }>('SELECT team, event_order FROM reporting_consents_client_teams WHERE client_id = ?');
  const saveClientTeam = db.prepare('INSERT INTO reporting_consents_client_teams VALUES (?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET team = excluded.team, event_order = excluded.event_order');
  const addPending = db.prepare('INSERT INTO reporting_consents_pending VALUES (?, ?, ?, ?, ?, ?)');
  const pendingOf = db.prepare<[string], { figure: string; month: string; code: string; detail: string }>('SELECT figure, month, code, detail FROM reporting_consents_pending WHERE client_id = ?');
  const forgetPending = db.prepare('DELETE FROM reporting_consents_pending WHERE client_id = ?');
  const forgetTeam = db.prepare('DELETE FROM reporting_consents_client_teams WHERE client_id = ?');

  const countForClient = (figure: string, eventId: string, clientId: string, time: unknown, code: string, detail: string) => {
    const known = clientTeam.get(clientId);
    counts[figure](known?.team ?? UNATTRIBUTED, month(time), code, detail);
    if (!known) addPending.run(eventId, clientId, figure, month(time), code, detail);
  };
  const attribute = (clientIds: readonly string[], team: string | null | undefined, order: bigint) => {
    if (team === null || team === undefined) return;
    for (const clientId of new Set(clientIds)) {
      const current = clientTeam.get(clientId);
      if (current && BigInt(current.event_order) >= order) continue;
      saveClientTeam.run(clientId, team, order.toString());
      for (const fact of pendingOf.all(clientId)) {
        counts[fact.figure](UNATTRIBUTED, fact.month, fact.code, fact.detail, -1);
        counts[fact.figure](team, fact.month, fact.code, fact.detail);
      }
      forgetPending.run(clientId);
    }
  };
  return inPages(db, 'reporting_consents', events, page, (event, data) => {
    const clientId = data.clientId as string;
    switch (event.type) {
      case 'ConsentGranted':
      case 'ConsentRefused':
        savePurpose.run(data.consentId, data.purpose);
        return countForClient('consents', event.id, clientId, event.type === 'ConsentGranted' ? data.grantedAt : data.refusedAt, data.purpose as string, event.type === 'ConsentGranted' ? 'granted' : 'refused');
      case 'ConsentWithdrawn':
        return countForClient('consents', event.id, clientId, data.withdrawnAt, purposeOf.get(data.consentId as string) ?? 'unknown', 'withdrawn');
      case 'DisclosureDecided':
        return countForClient('disclosures', event.id, clientId, data.decidedAt, groundOf(data.basis as Parameters<typeof groundOf>[0]), data.outcome as string);
      case 'DisclosureRecorded':
        return countForClient('disclosures', event.id, clientId, data.disclosedAt, groundOf(data.basis as Parameters<typeof groundOf>[0]), 'disclosed');
      case 'SubjectKeyDestroyed':
        forgetTeam.run(data.subjectId);
        forgetPending.run(data.subjectId);
        return;
      case 'ReferralReceived':
        return attribute([...(data.childIds as string[]), ...(data.familyMembers as { clientId: string }[]).map((member) => member.clientId)], data.teamId, eventOrder(event.id));
      case 'CaseFileOpened':
        return attribute([...(data.childIds as string[]), ...(data.familyMemberIds as string[])], data.teamId, eventOrder(event.id));
    }
  });
}

/** Projection name → its hand-written rebuild; returns the events applied. */
/** `page`: events per transaction (default 1000; 1 shows what a transaction per event costs by hand). */
export type RawRebuild = (db: Database.Database, events: readonly PublicEvent[], page?: number) => number;

export const RAW_REBUILDS: Readonly<Partial<Record<string, RawRebuild>>> = {
  reporting_referrals: referrals,
  reporting_closures: closures,
  reporting_consents: consents,
};

/** Undefined when both files hold the same rows in the projection's tables and as many applied ids; else what differs. */
export function sameRows(modelFile: string, handFile: string, projection: BusProjection): string | undefined {
  const [model, hand] = [new BetterSqlite(modelFile, { readonly: true }), new BetterSqlite(handFile, { readonly: true })];
  try {
    const tables = projection.tables.map((table) => table.options.tableName ?? table.options.name);
    for (const table of tables) {
      const rowsOf = (db: Database.Database) =>
        (db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]).map((row) => JSON.stringify(Object.keys(row).sort().map((key) => [key, row[key]]))).sort();
      const [a, b] = [rowsOf(model), rowsOf(hand)];
      if (a.length !== b.length || a.some((row, i) => row !== b[i])) return `table ${table}: ${a.length} rows against ${b.length}`;
    }
    const applied = (db: Database.Database) => db.prepare('SELECT count(*) AS n FROM projection_processed WHERE projection = ?').get(projection.name);
    if (JSON.stringify(applied(model)) !== JSON.stringify(applied(hand))) return 'applied ids';
    return undefined;
  } finally {
    model.close();
    hand.close();
  }
}
