import { type EventStore, readAllStored, type StoredEvent } from '@wijkteam/event-store';
import { EMPTY_CHAIN, formatOf, headAfter, idFingerprintOf, type Seal, SealedEvents } from './seal-chain';
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

/** Where a seal names an event: the i-th of a seal's decoded fingerprints. */
interface SealedAt {
  sealed: SealedEvents;
  index: number;
}

/**
 * Reads the whole history once, in global order and as stored (no parsing: format 2 hashes the
 * stored text), next to the seal stream, and compares. Memory stays flat: a page of events and one
 * seal's fingerprints at a time, plus two bounded windows once a difference is found. The loop over
 * a page runs without awaiting (an await per event would cost as much as its hash). Events after the
 * newest seal are not judged (not sealed yet).
 */
export async function verifyHistory(store: EventStore): Promise<Verification> {
  const history = new History(store);
  const seals = sealsIn(store)[Symbol.asyncIterator]();
  let head = EMPTY_CHAIN;
  let events = 0;
  let sealCount = 0;
  const report = (firstMismatch: Mismatch | null): Verification => ({ intact: firstMismatch === null, verifiedThrough: head.position.toString(), events, seals: sealCount, firstMismatch });
  try {
    for (let next = await seals.next(); !next.done; next = await seals.next()) {
      const seal = next.value;
      const altered: Mismatch = { position: seal.fromPosition, kind: 'seal_altered', eventId: null };
      if (seal.sequence !== head.sequence + 1 || seal.previousSealHash !== head.sealHash) return report(altered);
      const format = formatOf(seal);
      const sealed = format && decoded(seal);
      if (!format || !sealed || sealed.count === 0) return report(altered);
      const chain = format.chainFrom(head.chainHash);
      for (let index = 0; index < sealed.count; index++) {
        const found = history.take() ?? (await history.next());
        if (!found) return report({ position: sealed.positionAt(index).toString(), kind: 'removed', eventId: null });
        const digest = format.digest(found);
        // The id is in the digest: a matching digest fingerprint covers it (a forged collision fails the chain below).
        if (digest.readUInt32BE(0) !== sealed.digestFingerprints[index]) return report(await classify(found, { sealed, index }, history, seals));
        chain.add(digest);
      }
      // Every fingerprint matched: the chain decides.
      if (!chain.end().equals(Buffer.from(seal.chainHash, 'hex'))) return report({ position: seal.fromPosition, kind: 'edited', eventId: null });
      head = headAfter(seal);
      events += seal.count;
      sealCount += 1;
    }
    return report(null);
  } finally {
    await history.close();
    await seals.return?.(undefined);
  }
}

/** The first event out of step, told apart by what is found around it on either side. */
async function classify(found: StoredEvent, at: SealedAt, history: History, seals: AsyncIterator<Seal>): Promise<Mismatch> {
  const foundId = idFingerprintOf(found.id);
  const sealedId = at.sealed.idFingerprints[at.index];
  const sealedPosition = at.sealed.positionAt(at.index);
  const here = { position: found.position.toString(), eventId: found.id };
  if (foundId === sealedId) return { ...here, kind: 'edited' };
  const storeIds = new Set<number>();
  for (let i = 0; i < LOOKAHEAD; i++) {
    const next = await history.next();
    if (!next) break;
    storeIds.add(idFingerprintOf(next.id));
  }
  const sealedIds = new Set<number>();
  for (let sealed: SealedEvents | undefined = at.sealed, from = at.index + 1; sealed && sealedIds.size < LOOKAHEAD; from = 0) {
    for (let index = from; index < sealed.count && sealedIds.size < LOOKAHEAD; index++) sealedIds.add(sealed.idFingerprints[index]);
    const next = await seals.next();
    sealed = next.done ? undefined : decoded(next.value);
  }
  const foundWasSealed = sealedIds.has(foundId);
  const sealedIsThere = storeIds.has(sealedId);
  if (foundWasSealed && sealedIsThere) return { ...here, kind: 'reordered' };
  if (sealedIsThere) return { ...here, kind: 'inserted' };
  // The sealed event is gone; in its place either a later sealed event or one never sealed: when
  // that one sits at the sealed position it took the event's place (edited), else the event was removed.
  if (foundWasSealed || found.position > sealedPosition) return { position: sealedPosition.toString(), kind: 'removed', eventId: null };
  return { ...here, kind: 'edited' };
}

/** Undefined when the seal's fingerprints do not decode. */
function decoded(seal: Seal): SealedEvents | undefined {
  try {
    return new SealedEvents(seal);
  } catch {
    return undefined;
  }
}

/** The history's events (the seal stream left out), as stored: taken one by one, read a page at a time. */
class History {
  private readonly pages: AsyncIterator<StoredEvent[]>;
  private page: StoredEvent[] = [];
  private index = 0;

  constructor(store: EventStore) {
    this.pages = readAllStored(store)[Symbol.asyncIterator]();
  }

  /** The next event of the page in hand; undefined once it is used up (then `next()`). */
  take(): StoredEvent | undefined {
    while (this.index < this.page.length) {
      const event = this.page[this.index++];
      if (!isSealStream(event.streamName)) return event;
    }
    return undefined;
  }

  /** The next event, reading pages as needed; undefined at the end of the store. */
  async next(): Promise<StoredEvent | undefined> {
    for (;;) {
      const event = this.take();
      if (event) return event;
      const next = await this.pages.next();
      if (next.done) return undefined;
      [this.page, this.index] = [next.value, 0];
    }
  }

  async close(): Promise<void> {
    await this.pages.return?.(undefined);
  }
}
