import type { EventStore, RecordedEvent } from '@wijkteam/event-store';
import { chainStep, digestOf, EMPTY_CHAIN, headAfter, idFingerprintOf, type Seal, type SealedEvent, sealedEvents } from './seal-chain';
import { isSealStream, sealsIn } from './seal-stream';

/**
 * - edited: the event at that position is not what was sealed (same id, other content; or another
 *   id that was never sealed in its place)
 * - removed: a sealed event is gone (its id is nowhere near; the position is where it was sealed)
 * - inserted: an event that was never sealed stands between sealed ones
 * - reordered: sealed events are all there, in another order
 * - seal_altered: the seal stream itself does not chain (a seal edited, removed or out of order)
 */
export type MismatchKind = 'edited' | 'removed' | 'inserted' | 'reordered' | 'seal_altered';

export interface Mismatch {
  position: string;
  kind: MismatchKind;
  /** The event found at that position; null for a removed event (a seal holds fingerprints, not ids). */
  eventId: string | null;
}

export interface Verification {
  intact: boolean;
  /** Position of the last sealed event found intact ('0': none). */
  verifiedThrough: string;
  /** Events found intact, in `seals` seals. */
  events: number;
  seals: number;
  firstMismatch: Mismatch | null;
}

/** How far past the first difference both sides are read to tell the kinds apart. */
const LOOKAHEAD = 1000;

interface Expected {
  seal: Seal;
  index: number;
  /** Undefined when the seal's fingerprints do not decode. */
  event?: SealedEvent;
}

/**
 * Reads the whole history once, in global order, next to the seal stream, and compares. Memory stays
 * flat: one event and one seal at a time, plus two bounded windows once a difference is found. Events
 * after the newest seal are not judged (not sealed yet).
 */
export async function verifyHistory(store: EventStore): Promise<Verification> {
  const history = eventsOf(store)[Symbol.asyncIterator]();
  const expected = expectedOf(store)[Symbol.asyncIterator]();
  let head = EMPTY_CHAIN;
  let chain = head.chainHash;
  let events = 0;
  let seals = 0;
  const report = (firstMismatch: Mismatch | null): Verification => ({ intact: firstMismatch === null, verifiedThrough: head.position.toString(), events, seals, firstMismatch });
  try {
    for (let next = await expected.next(); !next.done; next = await expected.next()) {
      const { seal, index, event: sealed } = next.value;
      if (index === 0 && (seal.sequence !== head.sequence + 1 || seal.previousSealHash !== head.sealHash)) return report({ position: seal.fromPosition, kind: 'seal_altered', eventId: null });
      if (!sealed) return report({ position: seal.fromPosition, kind: 'seal_altered', eventId: null });
      const found = await history.next();
      if (found.done) return report({ position: sealed.position.toString(), kind: 'removed', eventId: null });
      const digest = digestOf(found.value);
      if (idFingerprintOf(found.value.id) !== sealed.idFingerprint || digest.readUInt32BE(0) !== sealed.digestFingerprint)
        return report(await classify(found.value, sealed, history, expected));
      chain = chainStep(chain, digest);
      if (index < seal.count - 1) continue;
      // Every fingerprint matched: the chain decides (a forged fingerprint collision fails here).
      if (!chain.equals(Buffer.from(seal.chainHash, 'hex'))) return report({ position: seal.fromPosition, kind: 'edited', eventId: null });
      head = headAfter(seal);
      events += seal.count;
      seals += 1;
    }
    return report(null);
  } finally {
    await history.return?.(undefined);
    await expected.return?.(undefined);
  }
}

/** The first event out of step, told apart by what is found around it on either side. */
async function classify(found: RecordedEvent, sealed: SealedEvent, history: AsyncIterator<RecordedEvent>, expected: AsyncIterator<Expected>): Promise<Mismatch> {
  const foundId = idFingerprintOf(found.id);
  const at = { position: found.position.toString(), eventId: found.id };
  if (foundId === sealed.idFingerprint) return { ...at, kind: 'edited' };
  const storeIds = new Set<number>();
  for (let i = 0; i < LOOKAHEAD; i++) {
    const next = await history.next();
    if (next.done) break;
    storeIds.add(idFingerprintOf(next.value.id));
  }
  const sealedIds = new Set<number>();
  for (let i = 0; i < LOOKAHEAD; i++) {
    const next = await expected.next();
    if (next.done) break;
    if (next.value.event) sealedIds.add(next.value.event.idFingerprint);
  }
  const foundWasSealed = sealedIds.has(foundId);
  const sealedIsThere = storeIds.has(sealed.idFingerprint);
  if (foundWasSealed && sealedIsThere) return { ...at, kind: 'reordered' };
  if (sealedIsThere) return { ...at, kind: 'inserted' };
  // The sealed event is gone; in its place either a later sealed event or one never sealed: when
  // that one sits at the sealed position it took the event's place (edited), else the event was removed.
  if (foundWasSealed || found.position > sealed.position) return { position: sealed.position.toString(), kind: 'removed', eventId: null };
  return { ...at, kind: 'edited' };
}

async function* eventsOf(store: EventStore): AsyncGenerator<RecordedEvent> {
  for await (const event of store.readAll()) if (!isSealStream(event.streamName)) yield event;
}

/** Every sealed event in order, with its seal; a seal whose fingerprints do not decode yields one entry without event. */
async function* expectedOf(store: EventStore): AsyncGenerator<Expected> {
  for await (const seal of sealsIn(store)) {
    let decoded: SealedEvent[];
    try {
      decoded = [...sealedEvents(seal)];
    } catch {
      yield { seal, index: 0 };
      return;
    }
    for (let index = 0; index < decoded.length; index++) yield { seal, index, event: decoded[index] };
  }
}
