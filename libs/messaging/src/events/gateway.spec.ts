import { ReferralAcceptedV1 as ReferralAccepted, streamOf } from '@wijkteam/contracts';
import type { RecordedEvent } from '@wijkteam/event-store';
import { canonical, defineGateway, GatewayRefused, toPublic, utc } from './gateway';

const gateway = defineGateway('intake', {
  routes: {
    ReferralAccepted: toPublic(ReferralAccepted, ({ data }) => ({
      referralId: canonical(data.referralId),
      clientId: canonical(data.clientId),
      caseFileId: canonical(data.caseFileId),
      route: data.route,
      decidedAt: utc(data.decidedAt),
    })),
  },
});

const stored = (overrides: Partial<RecordedEvent> = {}, data: Record<string, unknown> = {}): RecordedEvent => ({
  id: '0193a5b2-7c1e-7000-8000-0000000000e1',
  type: 'ReferralAccepted',
  data: {
    referralId: '0193A5B2-7C1E-7000-8000-0000000000A1',
    clientId: '0193a5b2-7c1e-7000-8000-0000000000b1',
    caseFileId: '0193a5b2-7c1e-7000-8000-0000000000c1',
    route: 'jgz',
    decidedAt: '2026-11-23T10:00:00+01:00',
    internalNote: 'stays private',
    ...data,
  } as RecordedEvent['data'],
  metadata: { occurredAt: '2026-11-23T09:00:00.000Z', actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'corr-1', causationId: 'cause-1', schemaVersion: 1, pii: { sealed: 'c2VhbGVk' } },
  streamName: streamOf('intake', 'referral')('0193a5b2-7c1e-7000-8000-0000000000a1'),
  revision: 3n,
  position: 42n,
  recordedAt: new Date(),
  ...overrides,
});

describe('a gateway', () => {
  it('translates what its route builds, canonical and in UTC, and nothing else of the stored event', () => {
    const published = gateway.publish(stored());
    expect(published).toEqual({
      id: '0193a5b2-7c1e-7000-8000-0000000000e1',
      type: 'ReferralAccepted',
      version: 1,
      source: 'intake',
      time: '2026-11-23T09:00:00.000Z',
      subject: '0193a5b2-7c1e-7000-8000-0000000000a1',
      data: {
        referralId: '0193a5b2-7c1e-7000-8000-0000000000a1',
        clientId: '0193a5b2-7c1e-7000-8000-0000000000b1',
        caseFileId: '0193a5b2-7c1e-7000-8000-0000000000c1',
        route: 'jgz',
        decidedAt: '2026-11-23T09:00:00.000Z',
      },
      correlationId: 'corr-1',
      causationId: 'cause-1',
      actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' },
    });
    expect(JSON.stringify(published)).not.toMatch(/stays private|c2VhbGVk|intake\.referral-|"revision"|"position"/);
  });

  it('keeps private types and other services\' streams to itself', () => {
    expect(gateway.publish(stored({ type: 'ReferralNoteAdded' }))).toBeUndefined();
    // On a shared store another service's stream may hold an event of the same type: only the owner
    // publishes it, and a stream without an owner (the pre-seams names) publishes nothing.
    expect(gateway.routeOf(stored({ streamName: streamOf('case-planning', 'caseFile')('0193a5b2-7c1e-7000-8000-0000000000c1') }))).toBeUndefined();
    expect(gateway.routeOf(stored({ streamName: 'referral-0193a5b2-7c1e-7000-8000-0000000000a1' }))).toBeUndefined();
    expect(gateway.routeOf(stored())).toBeDefined();
  });

  it('refuses data that breaks the schema, naming the field and not the value', () => {
    const refusal = (() => {
      try {
        gateway.publish(stored({}, { route: 'Bram Smit' }));
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(GatewayRefused);
    expect(refusal).toMatchObject({ code: 'gateway_refused', refusal: { eventId: stored().id, type: 'ReferralAccepted', schemaVersion: 1, field: 'route' } });
    expect(String((refusal as Error).message)).not.toContain('Bram');
  });

  it('refuses an envelope a consumer could not read, e.g. an e-mail address as the actor id', () => {
    const metadata = { ...stored().metadata, actor: { userId: 'bram.smit@example.nl', role: 'coach', organisation: 'wijkteam-noord' } };
    expect(() => gateway.publish(stored({ metadata }))).toThrow(expect.objectContaining({ refusal: expect.objectContaining({ field: 'ce-actorid', issue: 'invalid_attribute' }) }) as Error);
  });

  it('is the gateway of one service: a route to another service\'s event is refused at once', () => {
    expect(() => defineGateway('consent', { routes: { ReferralAccepted: toPublic(ReferralAccepted, () => ({}) as never) } })).toThrow(/maps to intake/);
  });
});
