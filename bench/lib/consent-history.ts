/** A history of consents for the consent and projection benchmarks: clients with one or two grants each. */
import { consentStream } from '@wijkteam/consent';
import type { EventStore } from '@wijkteam/event-store';
import { UuidV7Generator } from '@wijkteam/runtime';
import { streamOf } from '@wijkteam/contracts';

const ids = new UuidV7Generator();
export const BENCH_ACTOR = { userId: 'bench', role: 'coach', organisation: 'wijkteam-bench' };
export const PURPOSES = ['network_analysis', 'warm_handover', 'information_exchange'];
export const ORGS = ['jgz', 'huisarts', 'school', 'volwassenenteam'];

/** Opaque client ids. Ids with a 9-digit run trip libs/event-store's BSN guard (reported); they are skipped. */
export function clientIds(count: number): string[] {
  const clients: string[] = [];
  while (clients.length < count) {
    const id = ids.next();
    if (!/\d{9}/.test(id)) clients.push(id);
  }
  return clients;
}

/** Each client: one or two grants (purpose × organisation), valid now. Returns the number of events. */
export async function seedConsents(store: EventStore, clients: readonly string[]): Promise<number> {
  const now = Date.now();
  const period = { from: new Date(now - 86_400_000).toISOString(), until: new Date(now + 180 * 86_400_000).toISOString() };
  let count = 0;
  for (const [n, clientId] of clients.entries()) {
    const events = [0, 1].slice(0, 1 + (n % 2)).map((k) => ({
      id: ids.next(),
      type: 'ConsentGranted',
      data: {
        consentId: ids.next(), clientId, ageBand: '16_plus', grantors: [{ relation: 'client' }], purpose: PURPOSES[(n + k) % PURPOSES.length],
        recipient: { organisation: ORGS[(n + k) % ORGS.length], role: null }, dataCategories: ['help_request', 'plan_of_approach'],
        period, evidence: { documentId: ids.next() }, grantedAt: period.from,
      },
      metadata: { occurredAt: period.from, actor: BENCH_ACTOR, correlationId: 'seed', schemaVersion: 1 },
    }));
    await store.appendToStream(consentStream(clientId), events, { expectedRevision: 'no_stream' });
    count += events.length;
  }
  return count;
}

const filler = streamOf('reporting', 'benchFiller');

/**
 * A history of `total` events in which `consentShare` are consent grants (five per client) and the
 * rest are events no read model and no gateway reads (streams of ten), appended in that mix as a
 * municipality's history interleaves them. Returns the number of consent events.
 */
export async function seedMixedHistory(store: EventStore, total: number, consentShare: number): Promise<number> {
  const now = new Date().toISOString();
  const period = { from: now, until: new Date(Date.now() + 365 * 86_400_000).toISOString() };
  let consentEvents = 0;
  for (let written = 0; written < total; ) {
    // A block of consents whenever that keeps their share at or under consentShare.
    const consent = consentEvents + 5 <= consentShare * (written + 5);
    if (consent) {
      const [clientId] = clientIds(1);
      const events = PURPOSES.concat(PURPOSES).slice(0, 5).map((purpose, k) => ({
        id: ids.next(),
        type: 'ConsentGranted',
        data: {
          consentId: ids.next(), clientId, ageBand: '16_plus', grantors: [{ relation: 'client' }], purpose,
          recipient: { organisation: ORGS[k % ORGS.length], role: `r${k}` }, dataCategories: ['help_request'], period, evidence: null, grantedAt: now,
        },
        metadata: { occurredAt: now, actor: BENCH_ACTOR, correlationId: 'seed', schemaVersion: 1 },
      }));
      await store.appendToStream(consentStream(clientId), events, { expectedRevision: 'no_stream' });
      consentEvents += events.length;
      written += events.length;
    } else {
      const events = Array.from({ length: 10 }, (_, k) => ({ id: ids.next(), type: 'BenchFiller', data: { n: k }, metadata: { occurredAt: now, actor: BENCH_ACTOR, correlationId: 'seed', schemaVersion: 1 } }));
      await store.appendToStream(filler(ids.next()), events, { expectedRevision: 'no_stream' });
      written += events.length;
    }
  }
  return consentEvents;
}
