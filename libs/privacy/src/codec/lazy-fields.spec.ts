import { KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import type { JsonObject, RecordedEvent } from '@wijkteam/event-store';
import { ALICE, clientRegistered, collect, openStack, policy, type Stack, tempPaths, type Paths } from '../../test/support/fixtures';
import { MasterKey } from '../keys/master-key';
import { PersonalDataCodec } from './personal-data-codec';

/** The lazily decoded objects (a Proxy per object along the personal paths) beyond the basics in personal-data-codec.spec.ts. */
describe('lazily decoded data', () => {
  let paths: Paths;
  let stack: Stack;
  let opens: jest.SpyInstance;
  const masterKey = MasterKey.generate();
  const event = clientRegistered(ALICE);

  beforeEach(async () => {
    paths = tempPaths();
    stack = openStack(paths, masterKey);
    await stack.store.appendToStream(`client-${ALICE.id}`, [event]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    opens = jest.spyOn(require('node:crypto') as typeof import('node:crypto'), 'createDecipheriv');
  });
  afterEach(async () => {
    opens.mockRestore();
    await stack.close();
    paths.cleanup();
  });

  const decrypts = () => opens.mock.calls.filter(([, key]) => key instanceof KeyObject).length;
  const stored = async () => (await collect(stack.raw.readAll()))[0];
  const decode = async (recorded: RecordedEvent) => new PersonalDataCodec(policy, stack.keys).decode(recorded);
  const contactOf = (data: JsonObject) => data.contact as JsonObject;

  it('reads non-personal facts beside a personal path, lists keys and tests presence without decrypting', async () => {
    const { data } = await decode(await stored());
    expect(contactOf(data).preferredChannel).toBe('phone');
    // the stored keys first, then the sealed ones (the stored row holds no personal key to keep the order of)
    expect(Object.keys(contactOf(data))).toEqual(['preferredChannel', 'phone']);
    expect(['name' in data, Object.prototype.hasOwnProperty.call(data, 'birthDate'), 'phone' in contactOf(data), 'email' in contactOf(data)]).toEqual([true, true, true, false]);
    expect(Object.getOwnPropertyDescriptor(data, 'name')).toMatchObject({ enumerable: true, configurable: true, get: expect.any(Function) });
    expect(Object.entries(data).length).toBe(7); // entries reads the values: this one decrypts
    expect(decrypts()).toBe(1);
  });

  it('shows the values of nested personal paths through spread, JSON and the accessor', async () => {
    const { data } = await decode(await stored());
    const contact = contactOf(data);
    expect({ ...contact }).toEqual({ phone: '06-12345678', preferredChannel: 'phone' });
    expect(JSON.parse(JSON.stringify(contact))).toEqual(event.data.contact);
    expect((Object.getOwnPropertyDescriptor(contact, 'phone')?.get as () => unknown).call(contact)).toBe('06-12345678');
    expect(decrypts()).toBe(1);
  });

  it('writes to the decoded copy, never to the stored event; an assigned personal value needs no decryption', async () => {
    const recorded = await stored();
    const before = JSON.stringify(recorded.data);
    const { data } = await decode(recorded);
    data.name = 'Anoniem';
    data.route = 'wijkteam';
    contactOf(data).preferredChannel = 'mail';
    delete data.birthDate;
    Object.defineProperty(data, 'extra', { value: 1, enumerable: true, configurable: true, writable: true });
    expect(decrypts()).toBe(0);
    expect([data.name, data.route, contactOf(data).preferredChannel, 'birthDate' in data, data.extra]).toEqual(['Anoniem', 'wijkteam', 'mail', false, 1]);
    expect(contactOf(data).phone).toBe('06-12345678');
    expect(JSON.stringify(recorded.data)).toBe(before);
  });

  it('freezing decrypts first, then behaves as on a plain object', async () => {
    const recorded = await stored();
    const { data } = await decode(recorded);
    Object.freeze(data);
    Object.freeze(contactOf(data));
    expect(Object.isFrozen(data)).toBe(true);
    expect(decrypts()).toBe(1);
    expect(data).toEqual(event.data);
    expect(Object.getOwnPropertyDescriptor(data, 'name')).toMatchObject({ value: ALICE.name, writable: false, configurable: false });
    expect(() => {
      'use strict';
      data.route = 'x';
    }).toThrow(TypeError);
    expect(Object.isFrozen(recorded.data)).toBe(false);
  });

  it('changing only the attributes of a personal key keeps its value', async () => {
    const { data } = await decode(await stored());
    Object.defineProperty(data, 'name', { enumerable: false });
    expect(Object.keys(data)).not.toContain('name');
    expect(data.name).toBe(ALICE.name);
    expect(Object.getOwnPropertyDescriptor(data, 'name')).toMatchObject({ value: ALICE.name, enumerable: false });
  });

  it('fails closed when freezing needs a value from a tampered blob', async () => {
    const recorded = await stored();
    const pii = recorded.metadata.pii as { sealed: string };
    const bytes = Buffer.from(pii.sealed, 'base64');
    bytes[bytes.length - 1] ^= 0x01;
    const { data } = await decode({ ...recorded, metadata: { ...recorded.metadata, pii: { ...pii, sealed: bytes.toString('base64') } } });
    expect(() => Object.freeze(data)).toThrow(expect.objectContaining({ code: 'personal_data_integrity' }));
    expect(data.etmIndication).toBe(4);
  });

  it('shows markers, never plaintext, to inspection that bypasses the proxy (util.inspect, console.log)', async () => {
    const { data } = await decode(await stored());
    expect(data.name).toBe(ALICE.name);
    const shown = inspect(data, { depth: 5 });
    expect(shown).not.toContain(ALICE.name);
    expect(shown).toContain('$pii');
  });
});
