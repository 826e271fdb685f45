import type { RecordedEvent } from '@wijkteam/event-store';
import { canonicalForm, canonicalJson, chainStep, digestOf, EMPTY_CHAIN, GENESIS, headAfter, idFingerprintOf, SealBuilder, sealedEvents, sealHashOf } from './seal-chain';

const metadata = { occurredAt: '2025-03-01T09:00:00.000Z', actor: { userId: 'coach-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'c-1', schemaVersion: 1 };

function event(position: bigint, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  return {
    id: `0195a000-0000-7000-8000-${position.toString().padStart(12, '0')}`,
    streamName: 'safety.assessment-0195a000-0000-7000-8000-000000000001',
    revision: position - 1n,
    type: 'EtmScored',
    data: { score: 3, reasons: ['unsafe_home'] },
    metadata,
    position,
    recordedAt: new Date(0),
    ...overrides,
  };
}

describe('the canonical form of an event', () => {
  it('sorts the keys at every level, so the order an adapter returns them in does not matter', () => {
    const a = event(1n, { data: { score: 3, nested: { b: 1, a: [{ y: 1, x: 2 }] } } });
    const b = event(1n, { data: { nested: { a: [{ x: 2, y: 1 }], b: 1 }, score: 3 } });
    expect(canonicalForm(a)).toBe(canonicalForm(b));
  });

  it('holds id, stream, revision (a decimal string), type, data and metadata; not the position or commit time', () => {
    const form = JSON.parse(canonicalForm(event(7n))) as Record<string, unknown>;
    expect(Object.keys(form)).toEqual(['data', 'id', 'metadata', 'revision', 'stream', 'type']);
    expect(form.revision).toBe('6');
    const moved: RecordedEvent = { ...event(7n), position: 99n, recordedAt: new Date() };
    expect(canonicalForm(event(7n))).toBe(canonicalForm(moved));
  });

  it('changes with any of its parts', () => {
    const base = canonicalForm(event(2n));
    for (const changed of [
      event(2n, { data: { score: 1, reasons: ['unsafe_home'] } }),
      event(2n, { metadata: { ...metadata, actor: { ...metadata.actor, userId: 'coach-2' } } }),
      event(2n, { revision: 5n }),
      event(2n, { type: 'EtmCorrected' }),
      event(2n, { streamName: 'safety.assessment-other' }),
      event(2n, { id: 'another' }),
    ])
      expect(canonicalForm(changed)).not.toBe(base);
  });

  it('leaves undefined members out, as JSON does', () => {
    expect(canonicalJson({ b: undefined, a: [1, undefined] })).toBe('{"a":[1,null]}');
  });
});

describe('the chain', () => {
  it('is h_n = SHA-256(h_{n-1} || digest_n) from 32 zero bytes', () => {
    const builder = new SealBuilder(EMPTY_CHAIN);
    builder.add(event(1n));
    builder.add(event(2n));
    const expected = chainStep(chainStep(GENESIS, digestOf(event(1n))), digestOf(event(2n)));
    expect(builder.seal()!.chainHash).toBe(expected.toString('hex'));
  });

  it('depends on the order of the events', () => {
    const forwards = new SealBuilder(EMPTY_CHAIN);
    const swapped = new SealBuilder(EMPTY_CHAIN);
    forwards.add(event(1n));
    forwards.add(event(2n));
    swapped.add({ ...event(2n), position: 1n });
    swapped.add({ ...event(1n), position: 2n });
    expect(swapped.seal()!.chainHash).not.toBe(forwards.seal()!.chainHash);
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
    expect(seal2.chainHash).toBe(chainStep(Buffer.from(seal1.chainHash, 'hex'), digestOf(event(5n))).toString('hex'));
  });

  it('names each event by its position and the fingerprints of its id and digest', () => {
    const builder = new SealBuilder(EMPTY_CHAIN);
    const positions = [1n, 2n, 300n, 70_000n];
    for (const position of positions) builder.add(event(position));
    const sealed = [...sealedEvents(builder.seal()!)];
    expect(sealed).toEqual(positions.map((position) => ({ position, idFingerprint: idFingerprintOf(event(position).id), digestFingerprint: digestOf(event(position)).readUInt32BE(0) })));
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
    expect(() => [...sealedEvents({ ...seal, count: 2 })]).toThrow('truncated');
  });
});
