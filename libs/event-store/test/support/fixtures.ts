import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import type { EventToAppend, JsonObject, RecordedEvent } from '../../src/types';

export function anEvent(data: JsonObject = {}, type = 'ProbeRecorded'): EventToAppend {
  return {
    id: uuidv7(),
    type,
    data,
    metadata: {
      occurredAt: new Date().toISOString(),
      actor: { userId: 'user-test', role: 'coach', organisation: 'wijkteam-noord' },
      correlationId: uuidv7(),
      schemaVersion: 1,
    },
  };
}

export async function collect(source: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const event of source) out.push(event);
  return out;
}

/** A fresh directory under the OS temp dir, and a way to remove it. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * What every history must look like, however it was written: positions dense from 1 and strictly
 * increasing (nothing lost between them), revisions of each stream 0, 1, 2, … in global order.
 * Returns the events per stream.
 */
export function expectWellFormedHistory(all: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  all.forEach((event, index) => {
    if (event.position !== BigInt(index + 1)) throw new Error(`position ${event.position} at index ${index}: gap or reordering`);
  });
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of all) {
    const stream = streams.get(event.streamName) ?? [];
    if (event.revision !== BigInt(stream.length)) throw new Error(`revision ${event.revision} after ${stream.length} events of a stream`);
    stream.push(event);
    streams.set(event.streamName, stream);
  }
  return streams;
}

/** `promise`, or a rejection naming `what` after `ms`; the timer never outlives the race. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
