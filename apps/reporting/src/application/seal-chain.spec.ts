import { createHash } from 'node:crypto';
import { type RecordedEvent, type StoredEvent, storedFormOf } from '@wijkteam/event-store';
import { canonicalForm, canonicalJson, chainStep, EMPTY_CHAIN, formatOf, GENESIS, headAfter, idFingerprintOf, SealBuilder, SealedEvents, sealHashOf, sha256, storedForm } from './seal-chain';

const metadata = { occurredAt: '2025-03-01T09:00:00.000Z', actor: { userId: 'coach-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'c-1', schemaVersion: 1 };

/** An event as the store holds it: data and metadata as stored text (serialised in the order given). */
function event(position: bigint, overrides: Partial<RecordedEvent> = {}): StoredEvent {
  return storedFormOf({
    id: `0195a000-0000-7000-8000-${position.toString().padStart(12, '0')}`,
    streamName: 'safety.assessment-0195a000-0000-7000-8000-000000000001',
    revision: position - 1n,
    type: 'EtmScored',
    data: { score: 3, reasons: ['unsafe_home'] },
    metadata,
    position,
    recordedAt: new Date(0),
    ...overrides,
  });
}

const changes = (position: bigint): StoredEvent[] => [
  event(position, { data: { score: 1, reasons: ['unsafe_home'] } }),
  event(position, { metadata: { ...metadata, actor: { ...metadata.actor, userId: 'coach-2' } } }),
  event(position, { revision: 5n }),
  event(position, { type: 'EtmCorrected' }),
  event(position, { streamName: 'safety.assessment-other' }),
  event(position, { id: 'another' }),
];

describe('format 1: the canonical form of the parsed event (seals written before format 2)', () => {
  it('sorts the keys at every level, so the order an adapter returns them in does not matter', () => {
    const a = event(1n, { data: { score: 3, nested: { b: 1, a: [{ y: 1, x: 2 }] } } });
    const b = event(1n, { data: { nested: { a: [{ x: 2, y: 1 }], b: 1 }, score: 3 } });
    expect(canonicalForm(a)).toBe(canonicalForm(b));
  });

  it('holds id, stream, revision (a decimal string), type, data and metadata; not the position', () => {
    const form = JSON.parse(canonicalForm(event(7n))) as Record<string, unknown>;
    expect(Object.keys(form)).toEqual(['data', 'id', 'metadata', 'revision', 'stream', 'type']);
    expect(form.revision).toBe('6');
    expect(canonicalForm(event(7n))).toBe(canonicalForm({ ...event(7n), position: 99n } as StoredEvent));
  });

  it('changes with any of its parts, also when the stored text no longer parses', () => {
    const base = canonicalForm(event(2n));
    for (const changed of [...changes(2n), { ...event(2n), data: '{"score":3,' }]) expect(canonicalForm(changed)).not.toBe(base);
  });

  it('leaves undefined members out, as JSON does', () => {
    expect(canonicalJson({ b: undefined, a: [1, undefined] })).toBe('{"a":[1,null]}');
  });
});

describe('format 2: the stored text, framed', () => {
  it('is the stored bytes as they are, with the length of the data', () => {
    const stored = event(3n);
    expect(storedForm(stored)).toBe(`["${stored.id}","${stored.streamName}","2","EtmScored",${stored.data.length},${stored.data},${stored.metadata}]`);
  });

  it('changes with any of its parts, and with where data ends and metadata begins', () => {
    const base = storedForm(event(2n));
    for (const changed of changes(2n)) expect(storedForm(changed)).not.toBe(base);
    const split = { ...event(2n), data: '{"a":1}', metadata: '{"b":2}' };
    expect(storedForm({ ...split, data: '{"a":1},{"b":2', metadata: '}' })).not.toBe(storedForm(split));
  });
});

describe('the chain', () => {
  it('format 2: each seal hashes the chain hash before it and its events\' digests, in one running SHA-256', () => {
    const builder = new SealBuilder(EMPTY_CHAIN);
    builder.add(event(1n));
    builder.add(event(2n));
    const expected = createHash('sha256').update(GENESIS).update(sha256(storedForm(event(1n)))).update(sha256(storedForm(event(2n)))).digest();
    expect(builder.seal()).toMatchObject({ chainHash: expected.toString('hex'), format: 2 });
  });

  it('format 1: h_n = SHA-256(h_{n-1} || digest_n) from 32 zero bytes, and no format field', () => {
    const builder = new SealBuilder(EMPTY_CHAIN, 1);
    builder.add(event(1n));
    builder.add(event(2n));
    const seal = builder.seal()!;
    const expected = chainStep(chainStep(GENESIS, sha256(canonicalForm(event(1n)))), sha256(canonicalForm(event(2n))));
    expect(seal.chainHash).toBe(expected.toString('hex'));
    expect('format' in seal).toBe(false);
    expect(formatOf(seal)).toBeDefined();
  });

  it.each([1, 2])('format %i depends on the order of the events', (format) => {
    const forwards = new SealBuilder(EMPTY_CHAIN, format);
    const swapped = new SealBuilder(EMPTY_CHAIN, format);
    forwards.add(event(1n));
    forwards.add(event(2n));
    swapped.add({ ...event(2n), position: 1n });
    swapped.add({ ...event(1n), position: 2n });
    expect(swapped.seal()!.chainHash).not.toBe(forwards.seal()!.chainHash);
  });

  it('knows no format it was not written in', () => {
    const builder = new SealBuilder(EMPTY_CHAIN);
    builder.add(event(1n));
    expect(formatOf({ ...builder.seal()!, format: 3 })).toBeUndefined();
  });
});

describe('a seal', () => {
  it('covers a range, and the next one continues the chain and names the hash of the one before', () => {
    const first = new SealBuilder(EMPTY_CHAIN);
    for (const position of [1n, 2n, 3n]) first.add(event(position));
    const seal1 = first.seal()!;
    expect(seal1).toMatchObject({ sequence: 1, fromPosition: '1', toPosition: '3', count: 3, previousSealHash: GENESIS.toString('hex') });

    const second = new SealBuilder(headAfter(seal1));
    second.add(event(5n));
    const seal2 = second.seal()!;
    expect(seal2).toMatchObject({ sequence: 2, fromPosition: '5', toPosition: '5', count: 1, previousSealHash: sealHashOf(seal1) });
    expect(seal2.chainHash).toBe(createHash('sha256').update(Buffer.from(seal1.chainHash, 'hex')).update(sha256(storedForm(event(5n)))).digest('hex'));
  });

  it('names each event by its position and the fingerprints of its id and digest', () => {
    const builder = new SealBuilder(EMPTY_CHAIN);
    const positions = [1n, 2n, 300n, 70_000n];
    for (const position of positions) builder.add(event(position));
    const sealed = new SealedEvents(builder.seal()!);
    expect(positions.map((_, index) => sealed.positionAt(index))).toEqual(positions);
    expect([...sealed.idFingerprints]).toEqual(positions.map((position) => idFingerprintOf(event(position).id)));
    expect([...sealed.digestFingerprints]).toEqual(positions.map((position) => sha256(storedForm(event(position))).readUInt32BE(0)));
  });

  it('is about ten bytes an event', () => {
    const builder = new SealBuilder(EMPTY_CHAIN);
    for (let position = 1n; position <= 1000n; position++) builder.add(event(position));
    expect(Buffer.from(builder.seal()!.fingerprints, 'base64').length).toBe(9000);
  });

  it('is not cut over nothing', () => {
    expect(new SealBuilder(EMPTY_CHAIN).seal()).toBeUndefined();
  });

  it('whose fingerprints were cut short does not decode', () => {
    const builder = new SealBuilder(EMPTY_CHAIN);
    builder.add(event(1n));
    const seal = builder.seal()!;
    expect(() => new SealedEvents({ ...seal, count: 2 })).toThrow('truncated');
  });
});
