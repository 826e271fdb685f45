import { createHash, hash } from 'node:crypto';
import type { JsonObject, StoredEvent } from '@wijkteam/event-store';

/**
 * Tamper evidence: a SHA-256 chain over every event of the store in global order, cut into seals.
 * Pure (no store, no clock); it lives outside domain/ only because it hashes with node:crypto.
 *
 * - An event's digest is SHA-256 of its form (its id, stream, revision, type, data and metadata;
 *   not the position nor the store's commit time: they are the store's bookkeeping, not the event).
 *   Format 2 (`format: 2` in the seal): the stored text as is, so a nightly verification hashes
 *   bytes without parsing and re-serialising them:
 *   `[<id as JSON>,<stream as JSON>,"<revision>",<type as JSON>,<data length>,<data>,<metadata>]`
 *   (the length makes the split between data and metadata unambiguous whatever a row holds).
 *   Format 1 (seals without `format`, written before): canonical JSON of the parsed event, keys
 *   sorted at every level and the revision as a decimal string. Its seals still verify.
 * - The chain. Format 2: each seal's chainHash = SHA-256(previous chainHash || digest_1 || … ||
 *   digest_n) over its events (one running hash). Format 1: h_n = SHA-256(h_{n-1} || digest_n)
 *   event by event. Both from 32 zero bytes; either way a seal's chainHash commits to every event
 *   since the genesis, in order. Hashing the digests rather than the forms again hashes each event once.
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
  /** 2; absent (format 1) in the seals written before format 2. Read it with formatOf. */
  format: number;
}

/** The part of a stored event its digest covers. */
export type Sealable = Omit<StoredEvent, 'position'>;

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

/** Format 1's form. A row whose text no longer parses (edited in the file) stays text: it cannot match. */
export function canonicalForm(event: Sealable): string {
  const { id, streamName, revision, type } = event;
  return canonicalJson({ id, stream: streamName, revision: revision.toString(), type, data: parsedOrText(event.data), metadata: parsedOrText(event.metadata) });
}

/** Format 2's form: the stored text, framed. */
export const storedForm = (event: Sealable): string =>
  `[${JSON.stringify(event.id)},${JSON.stringify(event.streamName)},"${event.revision}",${JSON.stringify(event.type)},${event.data.length},${event.data},${event.metadata}]`;

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const sha256 = (input: string | Buffer): Buffer => hash('sha256', input, 'buffer');

export const idFingerprintOf = (id: string): number => sha256(id).readUInt32BE(0);

export const chainStep = (previous: Buffer, digest: Buffer): Buffer => createHash('sha256').update(previous).update(digest).digest();

/** The chain over one seal's events, from the chain hash before them. */
export interface SealChain {
  add(digest: Buffer): void;
  /** The chain hash after the events added; call once. */
  end(): Buffer;
}

export interface SealFormat {
  digest(event: Sealable): Buffer;
  chainFrom(previous: Buffer): SealChain;
}

const FORMATS: Record<number, SealFormat> = {
  1: {
    digest: (event) => sha256(canonicalForm(event)),
    chainFrom(previous) {
      let chain = previous;
      return { add: (digest) => void (chain = chainStep(chain, digest)), end: () => chain };
    },
  },
  2: {
    digest: (event) => sha256(storedForm(event)),
    chainFrom(previous) {
      const running = createHash('sha256').update(previous);
      return { add: (digest) => void running.update(digest), end: () => running.digest() };
    },
  },
};

/** The format new seals are written in. */
export const SEAL_FORMAT = 2;

/** The seal's format; undefined for one this code does not know (an altered seal). */
export function formatOf(seal: Seal): SealFormat | undefined {
  const format = (seal as JsonObject).format ?? 1;
  return typeof format === 'number' ? FORMATS[format] : undefined;
}

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
  private readonly format: SealFormat;
  private readonly chain: SealChain;
  private from: bigint | undefined;
  private last: bigint;
  private readonly fingerprints: Buffer[] = [];
  private count = 0;

  /** `format` other than the current one only to build the seals of an older store in tests. */
  constructor(
    private readonly head: ChainHead,
    private readonly formatNumber = SEAL_FORMAT,
  ) {
    this.format = FORMATS[formatNumber];
    this.chain = this.format.chainFrom(head.chainHash);
    this.last = head.position;
  }

  /** Events added since the chain head. */
  get pending(): number {
    return this.count;
  }

  add(event: StoredEvent): void {
    const digest = this.format.digest(event);
    this.chain.add(digest);
    const entry = Buffer.alloc(8);
    entry.writeUInt32BE(idFingerprintOf(event.id), 0);
    digest.copy(entry, 4, 0, 4);
    this.fingerprints.push(varint(this.from === undefined ? 0n : event.position - this.last), entry);
    this.from ??= event.position;
    this.last = event.position;
    this.count += 1;
  }

  /** The seal over everything added; undefined when nothing was. Call once. */
  seal(): Seal | undefined {
    if (this.from === undefined) return undefined;
    const seal = {
      sequence: this.head.sequence + 1,
      fromPosition: this.from.toString(),
      toPosition: this.last.toString(),
      count: this.count,
      chainHash: this.chain.end().toString('hex'),
      previousSealHash: this.head.sealHash,
      fingerprints: Buffer.concat(this.fingerprints).toString('base64'),
    };
    // Format 1 seals carry no format field; they must hash as they were written.
    return (this.formatNumber === 1 ? seal : { ...seal, format: this.formatNumber }) as Seal;
  }
}

/** What a seal says about its events, decoded once: the i-th event's id and digest fingerprints and position. */
export class SealedEvents {
  readonly idFingerprints: Uint32Array;
  readonly digestFingerprints: Uint32Array;
  private readonly steps: Float64Array;

  /** Throws on fingerprints that do not decode (an altered seal). */
  constructor(private readonly seal: Seal) {
    const bytes = Buffer.from(seal.fingerprints, 'base64');
    const count = seal.count;
    if (!Number.isInteger(count) || count < 0 || count > bytes.length) throw new Error('seal fingerprints truncated');
    this.idFingerprints = new Uint32Array(count);
    this.digestFingerprints = new Uint32Array(count);
    this.steps = new Float64Array(count);
    let offset = 0;
    for (let index = 0; index < count; index++) {
      let step = 0;
      for (let scale = 1; ; scale *= 128) {
        if (offset >= bytes.length) throw new Error('seal fingerprints truncated');
        const byte = bytes[offset++];
        step += (byte & 0x7f) * scale;
        if (byte < 0x80) break;
      }
      if (offset + 8 > bytes.length) throw new Error('seal fingerprints truncated');
      this.steps[index] = step;
      this.idFingerprints[index] = bytes.readUInt32BE(offset);
      this.digestFingerprints[index] = bytes.readUInt32BE(offset + 4);
      offset += 8;
    }
  }

  get count(): number {
    return this.steps.length;
  }

  /** Where the index-th event was sealed (only asked once something differs). */
  positionAt(index: number): bigint {
    let position = BigInt(this.seal.fromPosition);
    for (let i = 1; i <= index; i++) position += BigInt(this.steps[i]);
    return position;
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
