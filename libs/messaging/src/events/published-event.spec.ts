import type { RecordedEvent } from '@wijkteam/event-store';
import { decodePublishedEvent, encodePublishedEvent, toPublishedEvent } from './published-event';

describe('the published form of a stored event', () => {
  const stored = (metadata: Record<string, unknown>): RecordedEvent => ({
    id: '0193a5b2-7c1e-7000-8000-0000000000e1',
    type: 'ReferralReceived',
    data: { referralId: '0193a5b2-7c1e-7000-8000-0000000000a1', route: 'jgz' },
    metadata: { occurredAt: '2026-11-23T09:00:00.000Z', actor: { userId: 'u1', role: 'front-office', organisation: 'wijkteam-noord' }, correlationId: 'c1', schemaVersion: 1, ...metadata },
    streamName: 'referral-1',
    revision: 0n,
    position: 7n,
    recordedAt: new Date('2026-11-23T09:00:00.000Z'),
  });

  it('leaves the ciphertext of the personal fields off the bus, keeping which key and which fields', () => {
    const event = stored({ pii: { keyId: 'k1', alg: 'A256GCM', paths: ['name', 'birthDate'], sealed: 'c2VhbGVk' } });
    const published = decodePublishedEvent(encodePublishedEvent(toPublishedEvent(event)));
    expect(published.metadata.pii).toEqual({ keyId: 'k1', alg: 'A256GCM', paths: ['name', 'birthDate'] });
    expect(JSON.stringify(published)).not.toContain('c2VhbGVk');
    // the stored event itself is not changed
    expect((event.metadata.pii as { sealed: string }).sealed).toBe('c2VhbGVk');
    expect(published).toMatchObject({ id: event.id, position: '7', revision: '0', data: event.data, metadata: { correlationId: 'c1' } });
  });

  it('passes the metadata of an event without personal data through as it is', () => {
    const event = stored({ causationId: 'e0' });
    expect(toPublishedEvent(event).metadata).toBe(event.metadata);
  });
});
