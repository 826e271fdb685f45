/**
 * Child process of bench:consent: the consent service's side alone, so its RSS is the service's.
 * `rebuild <dir>`: a first start, building the consent_index read model from the seeded history.
 * `serve <dir> <decisions> <paced> <rounds> <warmup>`: a normal start over that read model (RSS when
 * ready), decisions through the real handler (bounded cache over the rows), paced (RSS) and unpaced
 * (RSS), and only then the bare-Map baseline for the comparison rounds. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConsentIndex, consentIndexProjection, DecideDisclosureCommand, DecideDisclosureCommandHandler, DEFAULT_CONSENT_POLICY, evaluateDisclosure, SafetyDecisions, type ConsentRecord, type DisclosureRequest } from '@wijkteam/consent';
import { createEventStore } from '@wijkteam/event-store';
import { ProjectionHost } from '@wijkteam/projections';
import { CommandRunner, SystemClock, UuidV7Generator, type CommandContext } from '@wijkteam/runtime';
import { compare, currentRssMb, peakRssMb, percentile, timeOperations, type RoundResult } from '../lib/harness';
import { BENCH_ACTOR, ORGS, PURPOSES } from '../lib/consent-history';

const [mode, dir, decisionsArg, pacedArg, roundsArg, warmupArg] = process.argv.slice(2);
const ids = new UuidV7Generator();
const context: CommandContext = { actor: BENCH_ACTOR, correlationId: 'bench' };
const silent = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** Three in four ask for what a client consented to (permit), the rest for something else (deny). */
function requests(clients: readonly string[], count: number): DisclosureRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const n = (i * 7919) % clients.length;
    const matching = i % 4 !== 0;
    return {
      clientId: clients[n], purpose: PURPOSES[n % PURPOSES.length], dataCategories: ['help_request'], legalGround: null,
      recipient: { organisation: matching ? ORGS[n % ORGS.length] : 'kinderopvang', role: 'medewerker' },
    };
  });
}

/** One decision per millisecond (1,000/s), each timed from its start. */
async function paced(count: number, operation: (index: number) => Promise<unknown>): Promise<RoundResult> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    while (performance.now() < started + i) await new Promise((resolve) => setImmediate(resolve));
    const before = performance.now();
    await operation(i);
    latencies.push(performance.now() - before);
  }
  return { value: count / ((performance.now() - started) / 1000), p50_ms: percentile(latencies, 50), p99_ms: percentile(latencies, 99) };
}

async function open() {
  const store = createEventStore(`sqlite:${path.join(dir, 'events.db')}`);
  const host = await ProjectionHost.open({ service: 'consent', url: `sqlite:${path.join(dir, 'projections-consent.db')}`, store, projections: [consentIndexProjection], logger: silent });
  const index = new ConsentIndex(host, store);
  index.onModuleInit();
  await host.start(0);
  await host.runner(consentIndexProjection.name).whenLive();
  return { store, host, index };
}

/** A first start: the read model is built from the whole history. */
async function rebuild(): Promise<void> {
  const started = performance.now();
  const { store, host } = await open();
  const seconds = (performance.now() - started) / 1000;
  await host.stop();
  await store.close();
  console.log(JSON.stringify({ seconds, peakRss: peakRssMb() }));
}

/** A normal start over the built read model, then decisions; RSS is the serving process's. */
async function serve(): Promise<void> {
  const clients: string[] = JSON.parse(readFileSync(path.join(dir, 'clients.json'), 'utf8')) as string[];
  const started = performance.now();
  const { store, host, index } = await open();
  const startSeconds = (performance.now() - started) / 1000;
  // Ready to decide for every client: what the in-memory index held all of (714 MB at 100k before).
  const readyRss = currentRssMb();
  const clock = new SystemClock();
  const handler = new DecideDisclosureCommandHandler(new CommandRunner(store, clock, ids), index, clock, DEFAULT_CONSENT_POLICY, new SafetyDecisions(host));
  const asked = requests(clients, Number(decisionsArg));
  const decide = (i: number) => handler.execute(new DecideDisclosureCommand(ids.next(), asked[i % asked.length], context));
  const pacedRun = await paced(Number(pacedArg), decide);
  const pacedRss = currentRssMb();
  await timeOperations(asked.length, decide);
  const rss = currentRssMb();
  const peakRss = peakRssMb();

  // The raw limit, built only now so that it does not count in the service's RSS: the same consents in a bare Map.
  const bare = new Map<string, readonly ConsentRecord[]>();
  for (const clientId of clients) bare.set(clientId, await index.consentsOf(clientId));
  const now = new Date().toISOString();
  let permits = 0;
  const medians = await compare(
    [
      { name: 'handler', run: () => timeOperations(asked.length, decide) },
      { name: 'evaluate', run: () => timeOperations(asked.length, async (i) => evaluateDisclosure(asked[i], await index.consentsOf(asked[i].clientId), now, null)) },
      {
        name: 'bare-map',
        run: () => timeOperations(asked.length, (i) => {
          const r = asked[i];
          if ((bare.get(r.clientId) ?? []).some((c) => c.status === 'active' && c.purpose === r.purpose && c.recipient.organisation === r.recipient.organisation)) permits++;
        }),
      },
    ],
    { rounds: Number(roundsArg), warmup: Number(warmupArg) },
  );
  await host.stop();
  await store.close();
  console.log(JSON.stringify({ startSeconds, readyRss, pacedRss, rss, peakRss, paced: pacedRun, medians, permits }));
}

void (mode === 'rebuild' ? rebuild() : serve());
