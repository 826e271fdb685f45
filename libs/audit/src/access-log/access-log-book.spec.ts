import type { ModuleRef } from '@nestjs/core';
import type { StreamOwner } from '@wijkteam/contracts';
import { SqliteEventStore } from '@wijkteam/event-store';
import { InProcessRequestBus, InProcessServiceClients, ServiceUnavailable } from '@wijkteam/messaging';
import { AccessLog } from './access-log';
import { AccessLogBook } from './access-log-book';
import { type AccessLogSlice, accessLogPattern, sliceOf } from './access-log-replies';

const clientId = '0193a5b2-7c1e-7000-8000-00000000c201';
let now = new Date('2026-12-01T09:00:00.000Z');
const clock = { now: () => now };
let sequence = 0;
const ids = { next: () => `0193a5b2-7c1e-7000-8000-${(++sequence).toString(16).padStart(12, '0')}` };

const read = (log: AccessLog, at: string, userId = 'coach-noord-1') => {
  now = new Date(at);
  return log.record({ clientId, part: 'referral', userId, role: 'coach', organisation: 'wijkteam-noord', onBehalfOf: null, purpose: 'care_delivery' });
};

/** Each service over its own store, as distributed: the book of a process hosting only intake. */
async function distributed() {
  const bus = new InProcessRequestBus();
  const logs = {} as Record<StreamOwner, AccessLog>;
  for (const service of ['intake', 'case-planning', 'safety', 'consent', 'reporting'] as StreamOwner[]) {
    const log = new AccessLog(service, SqliteEventStore.open(':memory:'), clock, ids);
    logs[service] = log;
    // What accessLogRepliesFor(service) answers, without a Nest transport around it.
    if (service !== 'intake') bus.register(service, accessLogPattern(service), async (payload) => {
      const { clientId: id, limit } = payload as { clientId: string; limit: number };
      return sliceOf(await log.listingForClient(id), limit) satisfies AccessLogSlice;
    });
  }
  const clients = new InProcessServiceClients(bus, 500);
  const book = new AccessLogBook({ get: () => clients } as unknown as ModuleRef);
  book.register(logs.intake);
  return { bus, logs, book };
}

describe('AccessLogBook: "who saw my file" over every service', () => {
  it('merges its own log with every other service\'s answer, oldest first, and says which services it covers', async () => {
    const { logs, book } = await distributed();
    await read(logs.intake, '2026-12-01T09:00:00.000Z');
    await read(logs.safety, '2026-12-01T09:05:00.000Z', 'gedragswetenschapper-1');
    now = new Date('2026-12-01T09:02:00.000Z');
    await logs.consent.recordRefusal({ clientId, part: 'consent', userId: 'partner-jgz-1', role: 'partner', organisation: 'ggd', reason: 'role_not_allowed', onBehalfOf: null });
    await read(logs['case-planning'], '2026-12-01T09:10:00.000Z');
    const page = await book.pageForClient(clientId, 1, 50);
    expect(page.items.map((entry) => `${entry.kind}:${entry.part}:${entry.userId}`)).toEqual([
      'accessed:referral:coach-noord-1',
      'refused:consent:partner-jgz-1',
      'accessed:referral:gedragswetenschapper-1',
      'accessed:referral:coach-noord-1',
    ]);
    expect(page).toMatchObject({ page: 1, pageSize: 50, total: 4 });
    expect([...page.services].sort()).toEqual(['case-planning', 'consent', 'intake', 'reporting', 'safety']);
  });

  it('pages the merged log: each service is asked for page × pageSize entries at most', async () => {
    const { logs, book } = await distributed();
    for (let minute = 0; minute < 6; minute++) {
      const service = (['intake', 'safety', 'consent'] as const)[minute % 3];
      await read(logs[service], `2026-12-01T10:0${minute}:00.000Z`, `user-${minute}`);
    }
    const second = await book.pageForClient(clientId, 2, 2);
    expect(second.items.map((entry) => entry.userId)).toEqual(['user-2', 'user-3']);
    expect(second.total).toBe(6);
    expect((await book.pageForClient(clientId, 4, 2)).items).toEqual([]);
  });

  it('fails the read when a service does not answer: no log with a service silently missing', async () => {
    const { logs, book, bus } = await distributed();
    await read(logs.intake, '2026-12-01T11:00:00.000Z');
    bus.register('safety', accessLogPattern('safety'), () => new Promise(() => undefined));
    await expect(book.pageForClient(clientId, 1, 50)).rejects.toBeInstanceOf(ServiceUnavailable);
  });

  it('answers for its hosted services only in a process without messaging', async () => {
    const log = new AccessLog('intake', SqliteEventStore.open(':memory:'), clock, ids);
    const book = new AccessLogBook({ get: () => { throw new Error('no ServiceClients'); } } as unknown as ModuleRef);
    book.register(log);
    await read(log, '2026-12-01T12:00:00.000Z');
    expect(await book.pageForClient(clientId, 1, 50)).toMatchObject({ total: 1, services: ['intake'] });
  });
});
