/**
 * npm run bench:intake [-- --quick]   (node dist/bench/intake.bench.js [--quick])
 * 1. Care-history lookup (issue 13): the check of a new referral's family (a child with a BSN and a
 *    parent: three match keys, HMAC-SHA-256 each) through intake's CareHistory, over the care_history
 *    read model holding 200k clients (quick: 20k), against a bare indexed better-sqlite3 lookup of
 *    the same (precomputed) keys on the same file, in alternating rounds. Limit: p99 <= 5 ms.
 * 2. Waiting list: a page of 50 of the waiting list at 10k waiting referrals (quick: 2k) through
 *    intake's worklist query, against the same page by a bare better-sqlite3 query. Limit: p99 <= 20 ms.
 * Writes bench/results/intake.json.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createEventStore } from '@wijkteam/event-store';
import { CareHistory, careHistoryProjection, caseFileStatusProjection, matchKeysOf, type Person, referralWorklistProjection, Worklists } from '@wijkteam/intake';
import { ProjectionHost } from '@wijkteam/projections';
import { compare, parseArgs, sizeLabel, timeOperations, withTempDir } from './lib/harness';
import { compared, printTable, writeResults, type BenchResult } from './lib/report';

const { quick } = parseArgs();
const sizes = quick ? { clients: 20_000, lookups: 2_000, waiting: 2_000, pages: 500, rounds: 3, warmup: 1 } : { clients: 200_000, lookups: 20_000, waiting: 10_000, pages: 2_000, rounds: 5, warmup: 1 };
const LOOKUP_LIMIT_MS = 5;
const PAGE_LIMIT_MS = 20;
const PAGE_SIZE = 50;
const secret = Buffer.alloc(32, 42);
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

const bsnOf = (n: number): string => {
  // A nine-digit number passing the elfproef: eight digits, then the check digit that makes it valid.
  for (let candidate = n * 10; ; candidate += 1) {
    const digits = String(100_000_000 + (candidate % 800_000_000)).padStart(9, '0');
    const sum = [...digits].slice(0, 8).reduce((total, d, i) => total + Number(d) * (9 - i), 0) - Number(digits[8]);
    if (sum !== 0 && sum % 11 === 0) return digits;
  }
};
const child = (n: number): Person => ({ name: `Kind ${n} Achternaam`, birthDate: `20${String(10 + (n % 12)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`, bsn: bsnOf(n) });
const parent = (n: number): Person => ({ name: `Ouder ${n} Achternaam`, birthDate: `198${n % 10}-0${1 + (n % 9)}-2${n % 8}`, bsn: null });

/** The care_history tables as the projection writes them: a referral per family of two, three keys. */
function seedCareHistory(file: string, families: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const key = db.prepare('INSERT INTO care_history_keys (match_key, referral_id, client_id, matched_on) VALUES (?, ?, ?, ?)');
  const referral = db.prepare("INSERT INTO care_history_referrals (referral_id, team_id, status, received_at, case_file_id) VALUES (?, 'wijkteam-bench', 'accepted', ?, NULL)");
  const insert = db.transaction((from: number, to: number) => {
    for (let n = from; n < to; n++) {
      const referralId = randomUUID();
      referral.run(referralId, new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString());
      for (const [person, clientId] of [[child(n), randomUUID()], [parent(n), randomUUID()]] as const)
        for (const { key: matchKey, on } of matchKeysOf(person, secret)) key.run(matchKey, referralId, clientId, on);
    }
  });
  for (let from = 0; from < families; from += 10_000) insert(from, Math.min(families, from + 10_000));
  db.close();
}

/** The worklist table as the projection writes it: `waiting` waitlisted referrals of one team, a tenth urgent. */
function seedWaitingList(file: string, waiting: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  const columns = db.prepare("SELECT name FROM pragma_table_info('referral_worklist_referrals')").all() as { name: string }[];
  const names = columns.map((c) => c.name);
  const value = (n: number): Record<string, unknown> => ({
    referral_id: randomUUID(),
    team_id: 'wijkteam-bench',
    client_id: randomUUID(),
    child_ids: '[]',
    route: 'jgz',
    channel: 'phone',
    status: 'waitlisted',
    priority: n % 10 === 0 ? 'urgent' : 'regular',
    priority_rank: n % 10 === 0 ? 0 : 1,
    etm_indication: 3,
    received_at: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    waitlisted_at: new Date(Date.UTC(2026, 0, 2) + n * 60_000).toISOString(),
    in_doubt: null,
    marked_for_discussion: 0,
    coach_ids: '[]',
    first_visit_due: null,
    case_file_id: null,
    decided_at: null,
  });
  const insert = db.prepare(`INSERT INTO referral_worklist_referrals (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  db.transaction(() => {
    for (let n = 0; n < waiting; n++) {
      const row = value(n);
      insert.run(...names.map((name) => row[name] ?? null));
    }
  })();
  db.close();
}

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  await withTempDir('bench-intake-', async (dir) => {
    const file = path.join(dir, 'projections-intake.db');
    const store = createEventStore(`sqlite:${path.join(dir, 'events.db')}`);
    const opener = { decode: (event: never) => event };
    const host = await ProjectionHost.open({ service: 'intake', url: `sqlite:${file}`, store, projections: [careHistoryProjection(opener, secret), caseFileStatusProjection, referralWorklistProjection], logger: silent });
    seedCareHistory(file, sizes.clients / 2);
    seedWaitingList(file, sizes.waiting);
    const bare = new Database(file, { readonly: true });

    // 1. Care-history lookup: a family found (an even n) or not (an odd n beyond the seeded ones), half and half.
    const careHistory = new CareHistory(host, secret);
    const families = Array.from({ length: sizes.lookups }, (_, i) => (i % 2 === 0 ? (i * 7919) % (sizes.clients / 2) : sizes.clients + i));
    const keysOf = families.map((n) => [...matchKeysOf(child(n), secret), ...matchKeysOf(parent(n), secret)].map((k) => k.key));
    const byKeys = bare.prepare('SELECT referral_id, matched_on FROM care_history_keys WHERE match_key IN (?, ?, ?)');
    const referralsOf = bare.prepare('SELECT referral_id, status, received_at, case_file_id FROM care_history_referrals WHERE referral_id = ?');
    let found = 0;
    const lookups = await compare(
      [
        { name: 'intake CareHistory.check', run: () => timeOperations(sizes.lookups, async (i) => (found += (await careHistory.check([child(families[i]), parent(families[i])])).length > 0 ? 1 : 0)) },
        {
          name: 'bare indexed lookup',
          run: () =>
            timeOperations(sizes.lookups, (i) => {
              const hits = byKeys.all(...keysOf[i]) as { referral_id: string }[];
              for (const referralId of new Set(hits.map((h) => h.referral_id))) referralsOf.get(referralId);
            }),
        },
      ],
      { rounds: sizes.rounds, warmup: sizes.warmup, label: 'care-history lookup' },
    );
    if (found === 0) throw new Error('the lookups found nothing: the benchmark measures the wrong thing');
    const mine = lookups['intake CareHistory.check'];
    const base = lookups['bare indexed lookup'];
    results.push({ ...compared({ name: `care_history.lookup.${sizeLabel(sizes.clients)}_clients`, unit: 'lookups/s', p50_ms: mine.p50_ms, p99_ms: mine.p99_ms }, mine.value, { name: 'bare better-sqlite3 indexed lookup', value: base.value }) });
    results.push({ name: `care_history.lookup.${sizeLabel(sizes.clients)}_clients.p99`, unit: 'ms', value: mine.p99_ms ?? Number.NaN, limit: LOOKUP_LIMIT_MS });

    // 2. Waiting list: pages of 50, ordered urgent first, then oldest referral first.
    const worklists = new Worklists(host);
    const pages = Math.ceil(sizes.waiting / PAGE_SIZE);
    const page = bare.prepare(
      "SELECT * FROM referral_worklist_referrals WHERE team_id = ? AND status = 'waitlisted' ORDER BY priority_rank, received_at, referral_id LIMIT ? OFFSET ?",
    );
    const total = bare.prepare("SELECT COUNT(*) AS n FROM referral_worklist_referrals WHERE team_id = ? AND status = 'waitlisted'");
    let shown = 0;
    const listing = await compare(
      [
        { name: 'intake waiting list', run: () => timeOperations(sizes.pages, async (i) => (shown += (await worklists.waitingList('wijkteam-bench', {}, { page: 1 + (i % pages), pageSize: PAGE_SIZE }, new Date())).items.length)) },
        {
          name: 'bare query',
          run: () =>
            timeOperations(sizes.pages, (i) => {
              page.all('wijkteam-bench', PAGE_SIZE, (i % pages) * PAGE_SIZE);
              total.get('wijkteam-bench');
            }),
        },
      ],
      { rounds: sizes.rounds, warmup: sizes.warmup, label: 'waiting list' },
    );
    if (shown === 0) throw new Error('the waiting list showed nothing: the benchmark measures the wrong thing');
    const list = listing['intake waiting list'];
    const bareList = listing['bare query'];
    results.push({ ...compared({ name: `waiting_list.page_${PAGE_SIZE}.${sizeLabel(sizes.waiting)}_waiting`, unit: 'pages/s', p50_ms: list.p50_ms, p99_ms: list.p99_ms }, list.value, { name: 'bare better-sqlite3 query', value: bareList.value }) });
    results.push({ name: `waiting_list.page_${PAGE_SIZE}.${sizeLabel(sizes.waiting)}_waiting.p99`, unit: 'ms', value: list.p99_ms ?? Number.NaN, limit: PAGE_LIMIT_MS });

    bare.close();
    await host.stop();
    await store.close();
  });
  printTable('bench:intake', results, [
    `care history: ${sizes.clients} clients (${sizes.clients / 2} referred families of a child with a BSN and a parent), ${sizes.lookups} lookups per round, half of them found`,
    `waiting list: ${sizes.waiting} waiting referrals of one team, a tenth urgent; ${sizes.pages} page reads of ${PAGE_SIZE} per round`,
    `${sizes.rounds} measured rounds after ${sizes.warmup} warm-up, alternating; medians; SQLite (WAL) in a temporary directory`,
  ]);
  console.log(`\nwritten: ${writeResults('intake', quick, results)}`);
}

void main();
