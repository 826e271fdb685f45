import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { accessLogStreamOf, CLIENT_FILE_ACCESSED } from '@wijkteam/audit';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { type ReferralCommand, Referrals } from '@wijkteam/intake';
import { Clock } from '@wijkteam/runtime';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { bootPlatform, devAuthorization } from './support/service-apps';

/**
 * Issue 13: the intake worklists over HTTP, on the embedded platform. The clock is the test's: the
 * referrals arrive on Tuesday 2026-12-01, one a minute, so the next case conference is Thursday
 * 2026-12-03 and the previous one Monday 2026-11-30 (INTAKE_CONFERENCE_DAYS default mon,thu).
 */
let now = new Date('2026-12-01T08:00:00.000Z');
const testClock = { now: () => now };

interface Item {
  referralId: string;
  clientId: string;
  childIds: string[];
  status: string;
  priority: string | null;
  daysWaiting?: number;
  coachIds: string[];
  inDoubt: string | null;
  markedForDiscussion: boolean;
}
interface ListPage {
  items: Item[];
  page: number;
  pageSize: number;
  total: number;
}

const child = { person: { name: 'Test Kind', birthDate: '2016-04-01' } };
const referralBody = (extra: Record<string, unknown> = {}) => ({
  channel: 'phone',
  route: 'self_referral',
  children: [child],
  referrer: { organisation: 'School', role: 'mentor', contact: 'via school' },
  helpQuestion: 'Hulp bij opvoeding',
  ...extra,
});

describe('intake worklists (issue 13)', () => {
  let app: INestApplication;
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-worklists-e2e-'));
  const server = () => app.getHttpServer();
  const ids: Record<string, { referralId: string; clientId: string; childIds: string[] }> = {};

  const receive = async (name: string, userId: string, extra: Record<string, unknown> = {}) => {
    const response = await request(server()).post('/referrals').set(await as(userId)).send(referralBody(extra)).expect(201);
    ids[name] = { referralId: response.body.referralId, clientId: response.body.clientId, childIds: response.body.childIds };
    now = new Date(now.getTime() + 60_000);
  };
  const post = async (name: string, action: string, userId = 'coordinator-1', body: Record<string, unknown> = {}) =>
    request(server()).post(`/referrals/${ids[name].referralId}/${action}`).set(await as(userId)).send(body).expect(200);
  // No coach-assignment route on this branch: CoachesAssigned through the referral's command path.
  const assignCoaches = (name: string, coachIds: string[]) =>
    app.get(CommandBus).execute(
      new Referrals.Command(
        ids[name].referralId,
        { type: 'AssignCoaches', data: { coachIds, decidedBy: 'coordinator-1', conferenceDate: '2026-12-03', firstVisitWithinDays: 14, decidedAt: now.toISOString() } } satisfies ReferralCommand,
        { actor: { userId: 'coordinator-1', role: 'team-coordinator', organisation: 'wijkteam-noord' }, correlationId: 'e2e-assign' },
      ),
    );
  const list = async (url: string, userId: string): Promise<ListPage> => (await request(server()).get(url).set(await as(userId)).expect(200)).body as ListPage;
  const namesOf = (page: ListPage) => page.items.map((item) => Object.keys(ids).find((name) => ids[name].referralId === item.referralId) ?? item.referralId);
  /** Waits until the read model shows the expected page, then returns it. */
  const eventuallyList = async (url: string, userId: string, expected: string[], total?: number): Promise<ListPage> => {
    let page: ListPage | undefined;
    await eventually(async () => {
      page = await list(url, userId);
      expect(namesOf(page)).toEqual(expected);
      if (total !== undefined) expect(page.total).toBe(total);
    });
    return page as ListPage;
  };
  const readsOf = async (clientId: string, userId: string): Promise<number> => {
    let count = 0;
    for await (const event of store.readStream(accessLogStreamOf('intake')(clientId))) if (event.type === CLIENT_FILE_ACCESSED && (event.data as { userId: string }).userId === userId) count += 1;
    return count;
  };
  /** One list read records exactly one read per client shown (clientId and childIds), and none for a client not shown. */
  const expectReadsRecorded = async (url: string, userId: string, notShown: string[] = []) => {
    const shownBefore = async (page: ListPage) => Promise.all([...new Set(page.items.flatMap((item) => [item.clientId, ...item.childIds]))].map(async (id) => [id, await readsOf(id, userId)] as const));
    const page = await list(url, userId);
    const before = await shownBefore(page);
    const others = await Promise.all(notShown.map((id) => readsOf(id, userId)));
    const again = await list(url, userId);
    expect(again.items.map((item) => item.referralId)).toEqual(page.items.map((item) => item.referralId));
    for (const [id, count] of before) expect({ id, reads: await readsOf(id, userId) }).toEqual({ id, reads: count + 1 });
    expect(await Promise.all(notShown.map((id) => readsOf(id, userId)))).toEqual(others);
    return page;
  };

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { override: (builder) => builder.overrideProvider(Clock).useValue(testClock) });
    as = devAuthorization(app);
    store = app.get(EVENT_STORE);

    // the waiting list: A regular (oldest), B urgent by ETM 5, C urgent by Veilig Thuis
    await receive('A', 'front-office-1');
    await receive('B', 'front-office-1', { etmIndication: 5 });
    await receive('C', 'front-office-1', { route: 'veilig_thuis' });
    // new referrals; E is a family of two children
    await receive('E', 'front-office-1', { children: [child, { person: { name: 'Test Zus', birthDate: '2018-05-01' } }] });
    await receive('F', 'front-office-1');
    await receive('G', 'front-office-1');
    // coach-noord-1's referrals (H marked for discussion before the conference gave it coaches); K declined
    await receive('H', 'front-office-1');
    await receive('I', 'front-office-1');
    await receive('J', 'front-office-1');
    await receive('K', 'front-office-1');
    // team Zuid
    await receive('Z', 'coach-zuid-1');

    for (const name of ['A', 'B', 'C']) await post(name, 'waitlist');
    await post('A', 'discussion');
    await post('H', 'discussion');
    for (const name of ['H', 'I', 'J', 'K']) await assignCoaches(name, ['coach-noord-1']);
    for (const name of ['A', 'E', 'F', 'K']) await post(name, 'doubt', 'front-office-1', { reason: 'eligibility_unclear' });
    await post('K', 'decline', 'coordinator-1', { reason: 'eligibility_not_met', redirect: 'own_network' });
    // three days later
    now = new Date('2026-12-04T09:30:00.000Z');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('new referrals: received without coaches, newest first, paged, the caller\'s team only', async () => {
    const first = await eventuallyList('/worklists/new-referrals?pageSize=2', 'front-office-1', ['G', 'F'], 3);
    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 3 });
    const second = await list('/worklists/new-referrals?page=2&pageSize=2', 'front-office-1');
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(namesOf(second)).toEqual(['E']);
    expect(second.items[0]).toMatchObject({ clientId: ids.E.clientId, childIds: ids.E.childIds, route: 'self_referral', channel: 'phone', status: 'received', coachIds: [], inDoubt: 'eligibility_unclear' });
    expect(second.items[0].childIds).toHaveLength(2);
    expect(JSON.stringify(first)).not.toContain('Test');
    expect(namesOf(await list('/worklists/new-referrals?route=veilig_thuis', 'coach-noord-1'))).toEqual([]);
  });

  it('waiting list: urgent first, then the oldest referral, with the days waited; filtered by priority', async () => {
    const first = await eventuallyList('/worklists/waiting-list?pageSize=2', 'coordinator-1', ['B', 'C'], 3);
    expect(first.items.map((item) => [item.priority, item.daysWaiting])).toEqual([['urgent', 3], ['urgent', 3]]);
    const second = await list('/worklists/waiting-list?page=2&pageSize=2', 'coordinator-1');
    expect(namesOf(second)).toEqual(['A']);
    expect(second.items[0]).toMatchObject({ priority: 'regular', daysWaiting: 3, status: 'waitlisted', markedForDiscussion: true });
    expect(namesOf(await list('/worklists/waiting-list?priority=regular', 'front-office-1'))).toEqual(['A']);
    expect(namesOf(await list('/worklists/waiting-list?route=veilig_thuis', 'coach-noord-1'))).toEqual(['C']);
  });

  it('case conference: the schedule, and the agenda of the next one (new since the previous, and marked for discussion)', async () => {
    // 2026-12-04 is a Friday: the next conference is Monday 7 December, the previous Thursday 3 December
    await request(server()).get('/case-conferences/next').set(await as('front-office-1')).expect(200, { date: '2026-12-07', previousDate: '2026-12-03' });
    // received on Tuesday 1 December: before the previous conference, so only what is marked for discussion
    await eventuallyList('/worklists/case-conference', 'coach-noord-1', ['A']);
    // the agenda of Thursday 3 December: received since Monday 30 November, oldest first; H had coaches assigned
    const agenda = await eventuallyList('/worklists/case-conference?date=2026-12-03&pageSize=2', 'coach-noord-1', ['A', 'E'], 4);
    expect(agenda).toMatchObject({ date: '2026-12-03', previousDate: '2026-11-30' });
    expect(namesOf(await list('/worklists/case-conference?date=2026-12-03&pageSize=2&page=2', 'coordinator-1'))).toEqual(['F', 'G']);
    // Monday 30 November: received since Thursday 26 November and before the 30th: none, only A
    expect(namesOf(await list('/worklists/case-conference?date=2026-11-30', 'coach-noord-1'))).toEqual(['A']);
  });

  it('my referrals: assigned to the calling coach, not declined or withdrawn', async () => {
    await eventuallyList('/worklists/my-referrals?pageSize=2', 'coach-noord-1', ['H', 'I'], 3);
    const second = await list('/worklists/my-referrals?pageSize=2&page=2', 'coach-noord-1');
    expect(namesOf(second)).toEqual(['J']);
    expect(second.items[0]).toMatchObject({ coachIds: ['coach-noord-1'], firstVisitDue: '2026-12-15', markedForDiscussion: false });
    expect((await list('/worklists/my-referrals', 'coach-noord-2')).total).toBe(0);
  });

  it('in doubt: open referrals marked in doubt, oldest first, for the coordinator', async () => {
    await eventuallyList('/worklists/in-doubt?pageSize=2', 'coordinator-1', ['A', 'E'], 3);
    expect(namesOf(await list('/worklists/in-doubt?pageSize=2&page=2', 'coordinator-1'))).toEqual(['F']);
    await request(server()).get('/worklists/in-doubt').set(await as('coach-noord-1')).expect(403);
  });

  it('separates the teams: team Zuid sees none of Noord\'s referrals, and a read of one is refused and the refusal recorded', async () => {
    const zuid = await eventuallyList('/worklists/new-referrals', 'coach-zuid-1', ['Z']);
    expect(zuid.total).toBe(1);
    expect(namesOf(await list('/worklists/case-conference?date=2026-12-03', 'coach-zuid-1'))).toEqual(['Z']);
    for (const url of ['/worklists/waiting-list', '/worklists/my-referrals']) expect((await list(url, 'coach-zuid-1')).total).toBe(0);
    expect(namesOf(await list('/worklists/new-referrals?pageSize=100', 'front-office-1'))).not.toContain('Z');

    const refused = await request(server()).get(`/referrals/${ids.A.referralId}`).set(await as('coach-zuid-1')).expect(403);
    expect(refused.body.code).toBe('other_team');
    const decision = await request(server()).post(`/referrals/${ids.A.referralId}/discussion`).set(await as('coach-zuid-1')).expect(403);
    expect(decision.body.code).toBe('other_team');
    const log = await request(server()).get(`/clients/${ids.A.clientId}/access-log`).set(await as('privacy-officer-1')).expect(200);
    const refusals = (log.body.items as { kind: string }[]).filter((entry) => entry.kind === 'refused');
    expect(refusals).toEqual([
      { kind: 'refused', service: 'intake', clientId: ids.A.clientId, part: 'referral', userId: 'coach-zuid-1', role: 'coach', organisation: 'wijkteam-zuid', onBehalfOf: null, reason: 'other_team', refusedAt: now.toISOString() },
      expect.objectContaining({ userId: 'coach-zuid-1', reason: 'other_team' }),
    ]);
    // the adult team and partners have no worklists
    await request(server()).get('/worklists/new-referrals').set(await as('volwassenenteam-1')).expect(403);
    await request(server()).get('/worklists/waiting-list').set(await as('partner-jgz-1')).expect(403);
  });

  it('records each list read in the access log, once for each client shown (children too), and not for clients not shown', async () => {
    await expectReadsRecorded('/worklists/new-referrals?pageSize=2&page=2', 'front-office-1', [ids.G.clientId, ids.F.clientId]);
    await expectReadsRecorded('/worklists/waiting-list?pageSize=2', 'coordinator-1', [ids.A.clientId]);
    await expectReadsRecorded('/worklists/case-conference?date=2026-12-03', 'coach-noord-1', [ids.H.clientId]);
    await expectReadsRecorded('/worklists/my-referrals', 'coach-noord-1', [ids.K.clientId]);
    await expectReadsRecorded('/worklists/in-doubt', 'coordinator-1', [ids.K.clientId]);
    // E's second child was shown with E: its own file's log has the read
    const log = await request(server()).get(`/clients/${ids.E.childIds[1]}/access-log`).set(await as('auditor-1')).expect(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'accessed', userId: 'front-office-1', part: 'referral', clientId: ids.E.childIds[1] })]));
  });

  it('names the query parameter at fault', async () => {
    const cases: [string, string][] = [
      ['/worklists/new-referrals?pageSize=101', 'pageSize'],
      ['/worklists/new-referrals?pageSize=0', 'pageSize'],
      ['/worklists/new-referrals?page=0', 'page'],
      ['/worklists/waiting-list?page=abc', 'page'],
      ['/worklists/waiting-list?priority=soon', 'priority'],
      ['/worklists/new-referrals?priority=urgent', 'priority'],
      ['/worklists/in-doubt?route=pigeon', 'route'],
      ['/worklists/case-conference?date=2026-13-01', 'date'],
      ['/worklists/case-conference?date=03-12-2026', 'date'],
    ];
    for (const [url, field] of cases) {
      const user = url.includes('in-doubt') ? 'coordinator-1' : 'coach-noord-1';
      const response = await request(server()).get(url).set(await as(user));
      expect({ url, status: response.status, field: response.body.field }).toEqual({ url, status: 422, field });
    }
  });
});
