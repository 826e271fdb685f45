import { InvalidEvent, InvalidStreamName } from './errors';
import { assertValidStreamName, categoryOf, validateAndSerialise } from './validation';
import type { EventToAppend } from './types';

const metadata = {
  occurredAt: '2026-11-23T10:00:00.000Z',
  actor: { userId: 'u-1', role: 'coach', organisation: 'wijkteam-noord' },
  correlationId: 'c-1',
  schemaVersion: 1,
};
const event = (overrides: Partial<EventToAppend> = {}): EventToAppend => ({
  id: '0193a5b2-7c1e-7000-8000-000000000001',
  type: 'ReferralReceived',
  data: { channel: 'phone' },
  metadata,
  ...overrides,
});

describe('stream names', () => {
  it.each([
    ['referral-0193a5b2-7c1e-7000-8000-000000000001'],
    ['caseFile-abc_123'],
    ['consent-x.y:z'],
  ])('accepts %s', (name) => {
    expect(() => assertValidStreamName(name)).not.toThrow();
  });

  it.each([
    ['', 'empty'],
    ['x'.repeat(201), 'too_long'],
    ['referral-äbc', 'illegal_characters'],
    ['referral-a b', 'illegal_characters'],
    ['referral', 'missing_category_or_id'],
    ['-abc', 'missing_category_or_id'],
    ['client-123456782', 'personal_identifier'],
    ['client-x123456782y', 'personal_identifier'],
    ['client-2012-05-14', 'personal_identifier'],
    ['client-14-05-2012', 'personal_identifier'],
  ])('refuses %j as %s without echoing it', (name, problem) => {
    let caught: unknown;
    try {
      assertValidStreamName(name);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidStreamName);
    expect((caught as InvalidStreamName).problem).toBe(problem);
    if (name.length > 0) expect((caught as Error).message).not.toContain(name);
  });

  it('accepts UUID ids whose hex groups hold digit runs', () => {
    expect(() => assertValidStreamName('client-01a20958-05f8-7000-8173-385456466301')).not.toThrow();
    expect(() => assertValidStreamName('client-20121231-05f8-7000-8173-38e545646630')).not.toThrow();
    for (let i = 0; i < 2000; i += 1) expect(() => assertValidStreamName(`client-${crypto.randomUUID()}`)).not.toThrow();
  });

  it('takes the category from before the first dash', () => {
    expect(categoryOf('caseFile-0193a5b2-7c1e')).toBe('caseFile');
    expect(categoryOf('casePlanning.caseFile-0193a5b2-7c1e')).toBe('casePlanning.caseFile');
  });

  it('accepts a dotted category (owner.entity) and refuses empty parts', () => {
    expect(() => assertValidStreamName(`casePlanning.caseFile-${crypto.randomUUID()}`)).not.toThrow();
    expect(() => assertValidStreamName(`casePlanning..caseFile-${crypto.randomUUID()}`)).toThrow();
    expect(() => assertValidStreamName(`.caseFile-${crypto.randomUUID()}`)).toThrow();
  });
});

describe('event validation', () => {
  it('serialises a valid batch once and lower-cases ids', () => {
    const [row] = validateAndSerialise([event({ id: '0193A5B2-7C1E-7000-8000-000000000001' })]);
    expect(row.event.id).toBe('0193a5b2-7c1e-7000-8000-000000000001');
    expect(JSON.parse(row.data)).toEqual({ channel: 'phone' });
  });

  it.each<[string, Partial<EventToAppend> | null, string]>([
    ['a non-UUID id', { id: 'nope' }, 'id'],
    ['a lower-case type', { type: 'referralReceived' }, 'type'],
    ['array data', { data: [] as unknown as EventToAppend['data'] }, 'data'],
    ['metadata without actor', { metadata: { ...metadata, actor: undefined } as unknown as EventToAppend['metadata'] }, 'metadata.actor'],
    ['a bad occurredAt', { metadata: { ...metadata, occurredAt: 'yesterday' } }, 'metadata.occurredAt'],
    ['schemaVersion 0', { metadata: { ...metadata, schemaVersion: 0 } }, 'metadata.schemaVersion'],
    ['a missing correlation id', { metadata: { ...metadata, correlationId: '' } }, 'metadata.correlationId'],
  ])('refuses %s naming the field', (_label, overrides, field) => {
    expect(() => validateAndSerialise([event(overrides ?? {})])).toThrow(
      expect.objectContaining({ field }) as unknown as Error,
    );
  });

  it('refuses an empty batch and a repeated id', () => {
    expect(() => validateAndSerialise([])).toThrow(InvalidEvent);
    expect(() => validateAndSerialise([event(), event()])).toThrow(expect.objectContaining({ field: 'id' }) as unknown as Error);
  });

  it('refuses a batch over the append size limit', () => {
    const big = 'x'.repeat(600 * 1024);
    expect(() =>
      validateAndSerialise([event({ data: { big } }), event({ id: '0193a5b2-7c1e-7000-8000-000000000002', data: { big } })]),
    ).toThrow(expect.objectContaining({ field: 'data', index: 1 }) as unknown as Error);
  });
});
