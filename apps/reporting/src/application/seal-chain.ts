import { createHash } from 'node:crypto';
import type { JsonObject, RecordedEvent } from '@wijkteam/event-store';

/**
 * Tamper evidence: a SHA-256 chain over every event of the store in global order, cut into seals.
 * Pure (no store, no clock); it lives outside domain/ only because it hashes with node:crypto.
 *
 * - The canonical form of an event is its id, stream, revision, type, data and metadata as JSON with
 *   the keys of every object sorted and the revision as a decimal string: the same event always gives
 *   the same bytes, whatever order the adapter returned its keys in. The position and the store's
 *   commit time are not in it: they are the store's bookkeeping, not the event.
 * - digest_n = SHA-256(canonical(e_n)); h_n = SHA-256(h_{n-1} || digest_n), h_0 = 32 zero bytes.
 *   Hashing the digest rather than the canonical bytes again is as strong and hashes each event once.
 * - A seal closes the events since the previous one: their range, count, h at its end and the hash
 *   of the previous seal (seals chain too, so a seal taken out of the middle shows).
 * - To say WHICH event changed and how, a seal carries per event 9 to 11 bytes (`fingerprints`): the
 *   position step from the previous sealed event (a varint: 1 byte in SQLite, 2-3 in EventStoreDB),
 *   4 bytes of SHA-256(id) and 4 bytes of the digest. About 1% of what the events themselves take;
 *   full per-event hashes would be 40. The fingerprints only localise: the chain hash decides whether
 *   a range is intact, so a forged 32-bit collision still fails the seal (reported at its start).
 */

export const GENESIS = Buffer.alloc(32);

/** A seal as stored in the `SealAppended` event (positions as decimal strings: JSON has no bigint). */
export interface Seal extends JsonObject {
  /** 1-based; also the seal's revision + 1 in the seal stream. */
  sequence: number;
  fromPosition: string;
  toPosition: string;
  count: number;
  /** h at toPosition, hex. */
  chainHash: string;
  /** sealHash of the previous seal, hex (zeros for the first). */
  previousSealHash: string;
  /** base64 of (varint position step, 4 bytes of SHA-256(id), 4 bytes of the digest) per event. */
  fingerprints: string;
}

/** What a seal says about one of its events. */
export interface SealedEvent {
  position: bigint;
  idFingerprint: number;
  digestFingerprint: number;
}

type Sealable = Pick<RecordedEvent, 'id' | 'streamName' | 'revision' | 'type' | 'data' | 'metadata'>;

/** JSON with sorted keys at every level; undefined members left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

export function canonicalForm(event: Sealable): string {
  const { id, streamName, revision, type, data, metadata } = event;
  return canonicalJson({ id, stream: streamName, revision: revision.toString(), type, data, metadata });
}

export const sha256 = (input: string | Buffer): Buffer => createHash('sha256').update(input).digest();

export const digestOf = (event: Sealable): Buffer => sha256(canonicalForm(event));

export const idFingerprintOf = (id: string): number => sha256(id).readUInt32BE(0);

export const chainStep = (previous: Buffer, digest: Buffer): Buffer => createHash('sha256').update(previous).update(digest).digest();

/** The hash the next seal names as its previousSealHash. */
export const sealHashOf = (seal: Seal): string => sha256(canonicalJson(seal)).toString('hex');

/** Where a chain stands after a seal: what the sealer resumes from and the verifier checks against. */
export interface ChainHead {
  sequence: number;
  /** Position of the last sealed event (0n: nothing sealed). */
  position: bigint;
  chainHash: Buffer;
  sealHash: string;
}

export const EMPTY_CHAIN: ChainHead = { sequence: 0, position: 0n, chainHash: GENESIS, sealHash: GENESIS.toString('hex') };

export function headAfter(seal: Seal): ChainHead {
  return { sequence: seal.sequence, position: BigInt(seal.toPosition), chainHash: Buffer.from(seal.chainHash, 'hex'), sealHash: sealHashOf(seal) };
}

/** Collects events after a chain head and cuts the seal over them. */
export class SealBuilder {
  private chain: Buffer;
  private from: bigint | undefined;
  private last: bigint;
  private readonly fingerprints: Buffer[] = [];
  private count = 0;

  constructor(private readonly head: ChainHead) {
    this.chain = head.chainHash;
    this.last = head.position;
  }

  /** Events added since the chain head. */
  get pending(): number {
    return this.count;
  }

  add(event: Sealable & { position: bigint }): void {
    const digest = digestOf(event);
    this.chain = chainStep(this.chain, digest);
    const entry = Buffer.alloc(8);
    entry.writeUInt32BE(idFingerprintOf(event.id), 0);
    digest.copy(entry, 4, 0, 4);
    this.fingerprints.push(varint(this.from === undefined ? 0n : event.position - this.last), entry);
    this.from ??= event.position;
    this.last = event.position;
    this.count += 1;
  }

  /** The seal over everything added; undefined when nothing was. */
  seal(): Seal | undefined {
    if (this.from === undefined) return undefined;
    return {
      sequence: this.head.sequence + 1,
      fromPosition: this.from.toString(),
      toPosition: this.last.toString(),
      count: this.count,
      chainHash: this.chain.toString('hex'),
      previousSealHash: this.head.sealHash,
      fingerprints: Buffer.concat(this.fingerprints).toString('base64'),
    };
  }
}

/** The events a seal names, in order. Throws on fingerprints that do not decode (an altered seal). */
export function* sealedEvents(seal: Seal): Generator<SealedEvent> {
  const bytes = Buffer.from(seal.fingerprints, 'base64');
  let offset = 0;
  let position = BigInt(seal.fromPosition);
  for (let index = 0; index < seal.count; index++) {
    let step = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (offset >= bytes.length) throw new Error('seal fingerprints truncated');
      const byte = bytes[offset++];
      step |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    if (offset + 8 > bytes.length) throw new Error('seal fingerprints truncated');
    position += step;
    yield { position, idFingerprint: bytes.readUInt32BE(offset), digestFingerprint: bytes.readUInt32BE(offset + 4) };
    offset += 8;
  }
}

function varint(value: bigint): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = Number(rest & 0x7fn);
    rest >>= 7n;
    bytes.push(rest > 0n ? low | 0x80 : low);
  } while (rest > 0n);
  return Buffer.from(bytes);
}
