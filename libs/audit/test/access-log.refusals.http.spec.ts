import { Controller, ForbiddenException, Get, type INestApplication, Param } from '@nestjs/common';
import { type AuthenticatedUser, CurrentUser, Roles } from '@wijkteam/auth';
import { type EventStore, SqliteEventStore } from '@wijkteam/event-store';
import { UuidV7Generator } from '@wijkteam/runtime';
import request from 'supertest';
import { AccessLog } from '../src/access-log/access-log';
import { accessLogStreamOf, CLIENT_FILE_ACCESS_REFUSED } from '../src/access-log/access-log-entry';
import { AccessLogged } from '../src/access-log/access-logged.decorator';
import { type AuditHttpApp, bootAuditApp } from './support/audit-http-app';

const clientId = '0193a5b2-7c1e-7000-8000-00000000c101';
let now = new Date('2026-12-03T10:00:00.000Z');

/** A referral of team Noord: a coach of another team is refused, and the refusal recorded. */
@Controller('referrals')
class TestReferralController {
  constructor(private readonly log: AccessLog) {}

  @Get(':referralId')
  @Roles('coach')
  @AccessLogged({ part: 'referral' })
  async get(@Param('referralId') referralId: string, @CurrentUser() user: AuthenticatedUser) {
    if (user.organisation !== 'wijkteam-noord') {
      await this.log.recordRefusal({ clientId, part: 'referral', userId: user.userId, role: user.roles[0], organisation: user.organisation, reason: 'other_team' });
      throw new ForbiddenException();
    }
    return { referralId, clientId };
  }
}

describe('refused accesses in the access log', () => {
  let app: INestApplication;
  let log: AccessLog;
  let as: AuditHttpApp['as'];
  let store: EventStore;

  beforeAll(async () => {
    ({ app, log, store, as } = await bootAuditApp(() => now, [TestReferralController]));
  });
  afterAll(async () => {
    await app.close();
  });

  it('records a refusal as ClientFileAccessRefused in the client\'s access-log stream: ids and codes, no read', async () => {
    const server = app.getHttpServer();
    await request(server).get(`/referrals/${clientId}`).set(await as('coach-zuid-1')).expect(403);
    const events = [];
    for await (const event of store.readStream(accessLogStreamOf('intake')(clientId))) events.push(event);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: CLIENT_FILE_ACCESS_REFUSED,
      data: { clientId, part: 'referral', userId: 'coach-zuid-1', role: 'coach', organisation: 'wijkteam-zuid', reason: 'other_team', refusedAt: now.toISOString() },
      metadata: { actor: { userId: 'coach-zuid-1', role: 'coach', organisation: 'wijkteam-zuid' }, occurredAt: now.toISOString(), schemaVersion: 1 },
    });
    expect(Object.keys(events[0].data).sort()).toEqual(['clientId', 'onBehalfOf', 'organisation', 'part', 'reason', 'refusedAt', 'role', 'userId']);
    expect(await log.listForClient(clientId)).toEqual([]);
    expect(await log.listRefusalsForClient(clientId)).toEqual([events[0].data]);
  });

  it('lists reads and refusals together, oldest first, for a privacy officer, an auditor and a coordinator (kind says which)', async () => {
    const server = app.getHttpServer();
    now = new Date('2026-12-03T10:05:00.000Z');
    await request(server).get(`/referrals/${clientId}`).set(await as('coach-noord-1')).expect(200);
    now = new Date('2026-12-03T10:10:00.000Z');
    const listing = await request(server).get(`/clients/${clientId}/access-log`).set(await as('privacy-officer-1')).expect(200);
    expect(listing.body.items).toEqual([
      expect.objectContaining({ kind: 'refused', userId: 'coach-zuid-1', organisation: 'wijkteam-zuid', reason: 'other_team', refusedAt: '2026-12-03T10:00:00.000Z' }),
      expect.objectContaining({ kind: 'accessed', userId: 'coach-noord-1', part: 'referral', accessedAt: '2026-12-03T10:05:00.000Z' }),
    ]);
    const byAuditor = await request(server).get(`/clients/${clientId}/access-log`).set(await as('auditor-1')).expect(200);
    // the privacy officer's read of the log is itself recorded
    expect(byAuditor.body.items.map((entry: { kind: string; part: string }) => `${entry.kind}:${entry.part}`)).toEqual(['refused:referral', 'accessed:referral', 'accessed:access-log']);
    await request(server).get(`/clients/${clientId}/access-log`).set(await as('coordinator-1')).expect(200);
    await request(server).get(`/clients/${clientId}/access-log`).set(await as('coach-noord-1')).expect(403);
  });
});

describe('AccessLog.recordMany', () => {
  const clients = Array.from({ length: 300 }, (_, n) => `0193a5b2-7c1e-7000-8000-${(0xd00 + n).toString(16).padStart(12, '0')}`);
  const access = (id: string) => ({ clientId: id, part: 'referral' as const, userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord', onBehalfOf: null, purpose: 'care_delivery' as const });
  const clock = { now: () => new Date('2026-12-03T10:00:00.000Z') };

  it('bounds the appends in flight, and records every client once', async () => {
    const store = SqliteEventStore.open(':memory:');
    const original = store.appendToStream.bind(store);
    let inFlight = 0;
    let most = 0;
    jest.spyOn(store, 'appendToStream').mockImplementation(async (...args: Parameters<typeof original>) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return original(...args);
    });
    const log = new AccessLog('intake', store, clock, new UuidV7Generator());
    const entries = await log.recordMany(clients.map(access));
    expect(entries.map((entry) => entry.clientId)).toEqual(clients);
    expect(most).toBe(256);
    for (const id of clients) expect(await log.listForClient(id)).toHaveLength(1);
    await store.close();
  });

  it('rejects when any append fails, only after every other append has settled', async () => {
    const store = SqliteEventStore.open(':memory:');
    const original = store.appendToStream.bind(store);
    let settled = 0;
    jest.spyOn(store, 'appendToStream').mockImplementation(async (stream, ...rest) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      settled += 1;
      if (stream.endsWith(clients[3])) throw new Error('disk full');
      return original(stream, ...rest);
    });
    const log = new AccessLog('intake', store, clock, new UuidV7Generator());
    await expect(log.recordMany(clients.map(access))).rejects.toThrow('disk full');
    expect(settled).toBe(clients.length);
    await store.close();
  });
});
