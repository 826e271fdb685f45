import { type EventStore, type EventToAppend, SqliteEventStore } from '@wijkteam/event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { PublicEventCatalogue } from '../../src';

export const catalogue: PublicEventCatalogue = {
  consent: new Set(['ConsentGranted', 'ConsentWithdrawn']),
  intake: ['ReferralReceived'],
};

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
 * A fresh stream id. Not a bare UUID: the store refuses any 9-digit run as BSN-shaped, and a UUID's
 * last group is all digits often enough to make tests flaky; 4-character groups never are.
 */
export function streamName(category: string): string {
  return `${category}-${(uuidv7().replace(/-/g, '').match(/.{4}/g) ?? []).join('_')}`;
}

/** Appends `count` events, one stream per event, `perAppend` at a time. Returns their ids. */
export async function appendMany(store: EventStore, count: number, type = 'ConsentGranted', data: Record<string, string | number | boolean> = {}): Promise<string[]> {
  const category = type.startsWith('Referral') ? 'referral' : 'consent';
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const e = event(type, { ...data, n: i });
    ids.push(e.id);
    await store.appendToStream(streamName(category), [e]);
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
