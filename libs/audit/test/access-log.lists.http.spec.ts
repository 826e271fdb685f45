import { Controller, Get, type INestApplication, Query } from '@nestjs/common';
import { Roles } from '@wijkteam/auth';
import { EVENT_STORE, type EventStore, EventStoreUnavailable } from '@wijkteam/event-store';
import request from 'supertest';
import { AccessLog } from '../src/access-log/access-log';
import { AccessLogged } from '../src/access-log/access-logged.decorator';
import { type AuditHttpApp, bootAuditApp } from './support/audit-http-app';

const now = new Date('2026-12-03T10:00:00.000Z');
const id = (n: number) => `0193a5b2-7c1e-7000-8000-${n.toString(16).padStart(12, '0')}`;
// Three families: the second has two children, the third a child named twice (clientId and childIds).
const items = [
  { referralId: id(0xa1), clientId: id(0xc1), childIds: [id(0xc1)] },
  { referralId: id(0xa2), clientId: id(0xc2), childIds: [id(0xc2), id(0xc3)] },
  { referralId: id(0xa3), clientId: id(0xc4), childIds: [id(0xc4)] },
];

@Controller('worklists')
class TestWorklistController {
  @Get('page')
  @Roles('coach')
  @AccessLogged({ part: 'referral', clientId: { items: 'items', fields: ['clientId', 'childIds'] } })
  page(@Query('empty') empty?: string) {
    const shown = empty ? [] : items;
    return { items: shown, page: 1, pageSize: 50, total: shown.length };
  }

  @Get('broken')
  @Roles('coach')
  @AccessLogged({ part: 'referral', clientId: { items: 'items', fields: ['clientId', 'childIds'] } })
  broken() {
    return { items: [{ referralId: id(0xa9), clientId: 'not-an-id', childIds: [] }], page: 1, pageSize: 50, total: 1 };
  }

  @Get('no-page')
  @Roles('coach')
  @AccessLogged({ part: 'referral', clientId: { items: 'items', fields: ['clientId'] } })
  noPage() {
    return items;
  }
}

describe('access log of lists over HTTP', () => {
  let app: INestApplication;
  let log: AccessLog;
  let as: AuditHttpApp['as'];
  const counts = async () => Promise.all([0xc1, 0xc2, 0xc3, 0xc4].map(async (n) => (await log.listForClient(id(n))).length));

  beforeAll(async () => {
    ({ app, log, as } = await bootAuditApp(() => now, [TestWorklistController]));
  });
  afterAll(async () => {
    await app.close();
  });

  it('records one read per client a page shows (each clientId and childIds), once each, under one correlation id', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const append = jest.spyOn(store, 'appendToStream');
    const response = await request(app.getHttpServer()).get('/worklists/page').set(await as('coach-noord-1')).set('x-correlation-id', 'corr-list-1').expect(200);
    expect(response.body.items).toHaveLength(3);
    expect(await counts()).toEqual([1, 1, 1, 1]);
    expect(await log.listForClient(id(0xc3))).toEqual([
      { clientId: id(0xc3), part: 'referral', userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord', onBehalfOf: null, purpose: 'care_delivery', accessedAt: now.toISOString() },
    ]);
    // one append per client stream: the store's contract appends to one stream at a time
    expect(append).toHaveBeenCalledTimes(4);
    expect(append.mock.calls.map(([, events]) => events[0].metadata.correlationId)).toEqual(Array(4).fill('corr-list-1'));
    append.mockRestore();
  });

  it('records nothing for an empty page', async () => {
    const before = await counts();
    await request(app.getHttpServer()).get('/worklists/page?empty=1').set(await as('coach-noord-1')).expect(200, { items: [], page: 1, pageSize: 50, total: 0 });
    expect(await counts()).toEqual(before);
  });

  it('runs the appends of a page concurrently rather than one after another', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const original = store.appendToStream.bind(store);
    let inFlight = 0;
    let most = 0;
    const append = jest.spyOn(store, 'appendToStream').mockImplementation(async (...args: Parameters<typeof original>) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight -= 1;
      return original(...args);
    });
    await request(app.getHttpServer()).get('/worklists/page').set(await as('coach-noord-1')).expect(200);
    expect(most).toBe(4);
    append.mockRestore();
  });

  it('fails closed: when one read of the page cannot be recorded, no item is returned', async () => {
    const store = app.get<EventStore>(EVENT_STORE);
    const original = store.appendToStream.bind(store);
    const append = jest.spyOn(store, 'appendToStream').mockImplementation((stream, ...rest) =>
      stream.endsWith(id(0xc3)) ? Promise.reject(new EventStoreUnavailable('disk full')) : original(stream, ...rest),
    );
    const response = await request(app.getHttpServer()).get('/worklists/page').set(await as('coach-noord-1')).expect(503);
    expect(response.body.items).toBeUndefined();
    expect(JSON.stringify(response.body)).not.toContain(id(0xc1));
    append.mockRestore();
  });

  it('fails closed on a page whose items name no client id, or a body that is no page (500, nothing returned)', async () => {
    const broken = await request(app.getHttpServer()).get('/worklists/broken').set(await as('coach-noord-1')).expect(500);
    expect(broken.body.items).toBeUndefined();
    const noPage = await request(app.getHttpServer()).get('/worklists/no-page').set(await as('coach-noord-1')).expect(500);
    expect(noPage.body).not.toBeInstanceOf(Array);
  });
});
