import { KeyObject } from 'node:crypto';
import type { RecordedEvent } from '@wijkteam/event-store';
import { ALICE, clientRegistered, collect, openStack, policy, type Stack, tempPaths, type Paths } from '../../test/support/fixtures';
import type { RingKey } from '../keys/key-ring';
import { MasterKey } from '../keys/master-key';
import { associatedData, open, seal } from './field-cipher';
import { PersonalDataCodec } from './personal-data-codec';

describe('stored format of the sealed values', () => {
  let paths: Paths;
  let stack: Stack;
  const masterKey = MasterKey.generate();
  const event = clientRegistered(ALICE);
  const storedPaths = ['name', 'birthDate', 'address', 'contact.phone'];

  beforeEach(async () => {
    paths = tempPaths();
    stack = openStack(paths, masterKey);
    await stack.store.appendToStream(`client-${ALICE.id}`, [event]);
  });
  afterEach(async () => {
    await stack.close();
    paths.cleanup();
  });

  const stored = async () => (await collect(stack.raw.readAll()))[0];
  const piiOf = (recorded: RecordedEvent) => recorded.metadata.pii as { keyId: string; paths: string[]; sealed: string };
  const keyOf = async (recorded: RecordedEvent) => (await stack.keys.keyById(piiOf(recorded).keyId)) as RingKey;
  // the associated data binds the key's subject (the stored row no longer names it)
  const aadOf = (recorded: RecordedEvent, list = piiOf(recorded).paths) => associatedData(recorded.id, piiOf(recorded).keyId, ALICE.id, list);
  /** The event with its blob replaced by one sealed (with the right key and associated data) over `plaintext`. */
  const resealed = async (recorded: RecordedEvent, plaintext: string): Promise<RecordedEvent> => {
    const sealed = seal((await keyOf(recorded)).secret, plaintext, aadOf(recorded));
    return { ...recorded, metadata: { ...recorded.metadata, pii: { ...piiOf(recorded), sealed } } };
  };
  const codecs = () => [new PersonalDataCodec(policy, stack.keys), new PersonalDataCodec(policy, stack.keys, { decode: 'eager' })];

  it('seals the values as one JSON array in the order of the sorted path list, naming no path', async () => {
    const recorded = await stored();
    expect(piiOf(recorded).paths).toEqual(storedPaths);
    const opened = open((await keyOf(recorded)).secret, piiOf(recorded).sealed, aadOf(recorded), 'metadata.pii.sealed');
    // sorted: address, birthDate, contact.phone, name
    expect(opened).toEqual([event.data.address, ALICE.birthDate, '06-12345678', ALICE.name]);
  });

  it('still reads blobs of the earlier `{ path: value }` format, lazily and eagerly', async () => {
    const recorded = await stored();
    const earlier = await resealed(recorded, JSON.stringify({ name: ALICE.name, birthDate: ALICE.birthDate, address: event.data.address, 'contact.phone': '06-12345678' }));
    for (const codec of codecs()) expect((await codec.decode(earlier)).data).toEqual(event.data);
  });

  it('refuses an array that does not hold exactly one value per path, even when it authenticates', async () => {
    const recorded = await stored();
    for (const values of [[ALICE.name], [1, 2, 3, 4, 5], 'not a list']) {
      const odd = await resealed(recorded, JSON.stringify(values));
      const [lazy, eager] = codecs();
      expect(() => (lazy.decode(odd) as RecordedEvent).data.name).toThrow(expect.objectContaining({ code: 'personal_data_integrity', field: 'metadata.pii.sealed' }));
      expect(() => eager.decode(odd)).toThrow(expect.objectContaining({ code: 'personal_data_integrity' }));
    }
  });

  it('gives the associated data of any path list, also one the codec would refuse to decode', () => {
    const formula = `wijkteam-pii-v2|e1|k1|${ALICE.id}|${JSON.stringify(['contact', 'contact.phone'])}`;
    expect(associatedData('E1', 'k1', ALICE.id, ['contact.phone', 'contact']).toString()).toBe(formula);
  });

  it('refuses at decode a stored path list the codec cannot have written, before decrypting anything', async () => {
    const recorded = await stored();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const opens = jest.spyOn(require('node:crypto') as typeof import('node:crypto'), 'createDecipheriv');
    try {
      for (const list of [['name', 7], ['contact', 'contact.phone'], ['contact.phone', 'contact'], ['name', 'name'], ['contact.'], ['.name'], ['']]) {
        const relabelled = { ...recorded, metadata: { ...recorded.metadata, pii: { ...piiOf(recorded), paths: list } } };
        for (const codec of codecs()) expect(() => codec.decode(relabelled)).toThrow(expect.objectContaining({ code: 'personal_data_integrity' }));
      }
      expect(opens.mock.calls.filter(([, key]) => key instanceof KeyObject)).toHaveLength(0);
    } finally {
      opens.mockRestore();
    }
  });
});
