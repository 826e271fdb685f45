import { type EventStore, type EventToAppend, type RecordedEvent, SqliteEventStore } from '@wijkteam/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { CanonicalId, defineEvent, streamOf } from '@wijkteam/contracts';
import { z } from 'zod/v4';
import { defineGateway, type Gateway, toPublic } from '../../src';

/** Test events: a number and an optional poison flag, about an opaque id (the event id here). */
const testData = z.strictObject({ ref: CanonicalId, n: z.number().int().optional(), poison: z.boolean().optional() });
const testEvent = <S extends 'consent' | 'intake', T extends string>(service: S, type: T) =>
  defineEvent({ service, type, version: 1, description: `test ${type}`, subject: (data) => data.ref, data: testData });

export const TestConsentGranted = testEvent('consent', 'ConsentGranted');
export const TestConsentWithdrawn = testEvent('consent', 'ConsentWithdrawn');
export const TestReferralReceived = testEvent('intake', 'ReferralReceived');
export const TestReferralAccepted = testEvent('intake', 'ReferralAccepted');

const translate = (event: RecordedEvent): z.infer<typeof testData> => ({
  ref: event.id,
  ...(typeof event.data.n === 'number' ? { n: event.data.n } : {}),
  ...('poison' in event.data ? { poison: event.data.poison as boolean } : {}),
});

/** The test services' gateways: ConsentGranted and ConsentWithdrawn leave consent, ReferralReceived intake. */
export const gateways: Record<'consent' | 'intake', Gateway> = {
  consent: defineGateway('consent', {
    routes: { ConsentGranted: toPublic(TestConsentGranted, translate), ConsentWithdrawn: toPublic(TestConsentWithdrawn, translate) },
  }),
  intake: defineGateway('intake', { routes: { ReferralReceived: toPublic(TestReferralReceived, translate) } }),
};
export const allGateways = Object.values(gateways);

export function tempDir(prefix = 'msg-test-'): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openStore(dir: string): SqliteEventStore {
  return SqliteEventStore.open(join(dir, 'events.db'), { synchronous: 'NORMAL', pollIntervalMs: 20 });
}

export function event(type: string, data: Record<string, string | number | boolean> = {}): EventToAppend {
  return {
    id: uuidv7(),
    type,
    data,
    metadata: {
      occurredAt: new Date().toISOString(),
      actor: { userId: 'user-1', role: 'coach', organisation: 'wijkteam-test' },
      correlationId: uuidv7(),
      schemaVersion: 1,
    },
  };
}

/**
 * A fresh stream of one owner. Its id is not a bare UUID: the store refuses any 9-digit run as
 * BSN-shaped, and a UUID's last group is all digits often enough to make tests flaky; 4-character
 * groups never are.
 */
export function streamName(owner: 'consent' | 'intake', entity: string): string {
  return streamOf(owner, entity)((uuidv7().replace(/-/g, '').match(/.{4}/g) ?? []).join('_'));
}

/** Appends `count` events, one stream per event, `perAppend` at a time. Returns their ids. */
export async function appendMany(store: EventStore, count: number, type = 'ConsentGranted', data: Record<string, string | number | boolean> = {}): Promise<string[]> {
  // A service publishes from its own streams only (`<owner>.<entity>-<id>`).
  const [owner, entity] = type.startsWith('Referral') ? (['intake', 'referral'] as const) : (['consent', 'consent'] as const);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const e = event(type, { ...data, n: i });
    ids.push(e.id);
    await store.appendToStream(streamName(owner, entity), [e]);
  }
  return ids;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
