import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { intakeGateway, referralStream } from '@wijkteam/intake';
import { RAW_EVENT_STORE } from '@wijkteam/runtime';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { bootPlatform, devAuthorization } from './support/service-apps';

/** Issue 13, seed 002: the team directory, coach suggestions by expertise and capacity, and the assignment, over HTTP. */
const referral = {
  channel: 'phone',
  route: 'self_referral',
  children: [{ person: { name: 'Test Kind', birthDate: '2016-04-01' } }],
  referrer: { organisation: 'School', role: 'mentor', contact: 'via school' },
  helpQuestion: 'Hulp bij opvoeding',
  themes: ['opvoeding'],
};
const members = '/teams/wijkteam-noord/members';

describe('intake: team directory, coach suggestions and assignment', () => {
  let app: INestApplication;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-team-e2e-'));
  let store: EventStore;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    app = await bootPlatform(dataDir);
    as = devAuthorization(app);
    store = app.get(EVENT_STORE);
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const put = async (userId: string, body: Record<string, unknown>, by = 'coordinator-1', team = 'wijkteam-noord') =>
    request(server()).put(`/teams/${team}/members/${userId}`).set(await as(by)).send(body);
  const listed = async (by = 'coach-noord-1') => (await request(server()).get(members).set(await as(by)).expect(200)).body as Record<string, unknown>[];

  it('the coordinator keeps the directory; the team reads it with caseload and free capacity', async () => {
    const first = await put('coach-noord-1', { kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['opvoeding', 'school'], capacity: 1 });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ teamId: 'wijkteam-noord', userId: 'coach-noord-1', status: 'registered' });
    expect(first.headers.etag).toBe('"0"');
    expect((await put('coach-noord-2', { kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['ggz'], capacity: 6 })).status).toBe(201);
    expect((await put('volwassenenteam-1', { kind: 'volwassenenteam', neighbourhood: 'noord', expertise: ['opvoeding'], capacity: 20 })).status).toBe(201);

    const same = await put('coach-noord-2', { kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['ggz'], capacity: 6 });
    expect(same.status).toBe(200);
    expect(same.body.status).toBe('unchanged');
    const changed = await put('coach-noord-2', { kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['ggz'], capacity: 8 });
    expect(changed.status).toBe(200);
    expect(changed.body.status).toBe('changed');

    await eventually(async () => {
      expect(await listed()).toEqual([
        { teamId: 'wijkteam-noord', userId: 'coach-noord-1', kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['opvoeding', 'school'], capacity: 1, caseload: 0, freeCapacity: 1 },
        { teamId: 'wijkteam-noord', userId: 'coach-noord-2', kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['ggz'], capacity: 8, caseload: 0, freeCapacity: 8 },
        expect.objectContaining({ userId: 'volwassenenteam-1', kind: 'volwassenenteam' }),
      ]);
    });
    for (const reader of ['front-office-1', 'coordinator-1', 'gedragswetenschapper-1']) await request(server()).get(members).set(await as(reader)).expect(200);
  });

  it('keeps teams apart and lets only the coordinator change the directory', async () => {
    const other = await request(server()).get(members).set(await as('coach-zuid-1')).expect(403);
    expect(other.body.code).toBe('other_team');
    expect((await request(server()).get('/teams/wijkteam-zuid/members').set(await as('coordinator-1')).expect(403)).body.code).toBe('other_team');
    // the adult team reads no youth-team directory (seed 004)
    await request(server()).get(members).set(await as('volwassenenteam-1')).expect(403);
    const before = await store.headPosition();
    expect((await put('coach-noord-2', { kind: 'jeugdteam', neighbourhood: 'noord', expertise: [], capacity: 40 }, 'coach-noord-1')).status).toBe(403);
    const zuid = await put('coach-zuid-1', { kind: 'jeugdteam', neighbourhood: 'zuid', expertise: [], capacity: 5 }, 'coordinator-1', 'wijkteam-zuid');
    expect({ status: zuid.status, code: zuid.body.code }).toEqual({ status: 403, code: 'other_team' });
    await request(server()).delete(`${members}/coach-noord-2`).set(await as('coach-noord-1')).expect(403);
    expect(await store.headPosition()).toBe(before);
  });

  it('names the field at fault and appends nothing on bad input', async () => {
    const before = await store.headPosition();
    const valid = { kind: 'jeugdteam', neighbourhood: 'noord', expertise: ['lvb'], capacity: 5 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...valid, capacity: 41 }, 'capacity'],
      [{ ...valid, capacity: 2.5 }, 'capacity'],
      [{ ...valid, expertise: ['astrologie'] }, 'expertise'],
      [{ ...valid, expertise: ['lvb', 'lvb'] }, 'expertise'],
      [{ ...valid, kind: 'partner' }, 'kind'],
      [{ ...valid, neighbourhood: 'Noord Oost' }, 'neighbourhood'],
      [{ ...valid, name: 'Jan' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const response = await put('coach-noord-3', body);
      expect({ field, status: response.status, named: response.body.field }).toEqual({ field, status: 422, named: field });
    }
    const email = await request(server()).put(`${members}/jan@example.nl`).set(await as('coordinator-1')).send(valid);
    expect({ status: email.status, field: email.body.field }).toEqual({ status: 400, field: 'userId' });
    expect(JSON.stringify(email.body)).not.toContain('jan@example.nl');
    const team = await request(server()).get('/teams/Wijkteam%20Noord/members').set(await as('coordinator-1'));
    expect({ status: team.status, field: team.body.field }).toEqual({ status: 400, field: 'teamId' });
    const unknown = await request(server()).delete(`${members}/coach-noord-9`).set(await as('coordinator-1'));
    expect({ status: unknown.status, code: unknown.body.code, field: unknown.body.field }).toEqual({ status: 404, code: 'member_not_found', field: 'userId' });
    expect(await store.headPosition()).toBe(before);
  });

  it('suggests coaches by expertise, then free capacity, and assigns the conference’s choice', async () => {
    const created = await request(server()).post('/referrals').set(await as('coordinator-1')).send(referral).expect(201);
    const { referralId } = created.body;
    const { receivedAt } = (await request(server()).get(`/referrals/${referralId}`).set(await as('coordinator-1')).expect(200)).body;

    await request(server()).get(`/referrals/${referralId}/coach-suggestions`).set(await as('coach-zuid-1')).expect(403);
    await request(server()).get(`/referrals/${referralId}/coach-suggestions`).set(await as('front-office-1')).expect(403);
    const suggested = await request(server()).get(`/referrals/${referralId}/coach-suggestions`).set(await as('coach-noord-2')).expect(200);
    expect(suggested.body).toMatchObject({ referralId, teamId: 'wijkteam-noord', needs: ['opvoeding'] });
    // the adult-team member is no coach for a youth referral
    expect(suggested.body.suggestions).toEqual([
      { userId: 'coach-noord-1', matchedExpertise: ['opvoeding'], caseload: 0, capacity: 1, freeCapacity: 1, score: 1 },
      { userId: 'coach-noord-2', matchedExpertise: [], caseload: 0, capacity: 8, freeCapacity: 8, score: 0 },
    ]);

    // another team may not assign (the refusal itself is recorded in the client's access log)
    await request(server()).post(`/referrals/${referralId}/coach-assignment`).set(await as('coach-zuid-1')).send({ coachIds: ['coach-noord-1'] }).expect(403);
    // every coach an active Jeugdteam member of the referral's team; nothing appended otherwise
    const before = await store.headPosition();
    for (const coachIds of [['volwassenenteam-1'], ['coach-zuid-1'], ['coach-noord-1', 'coach-noord-9']]) {
      const refused = await request(server()).post(`/referrals/${referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds });
      expect({ coachIds, status: refused.status, code: refused.body.code, field: refused.body.field }).toEqual({ coachIds, status: 422, code: 'unknown_coach', field: 'coachIds' });
    }
    for (const body of [{ coachIds: [] }, { coachIds: ['coach-noord-1', 'coach-noord-2', 'coordinator-1'] }, { coachIds: ['coach-noord-1', 'coach-noord-1'] }, { coachIds: ['coach-noord-1'], conferenceDate: '02-03-2026' }]) {
      const invalid = await request(server()).post(`/referrals/${referralId}/coach-assignment`).set(await as('coordinator-1')).send(body);
      expect({ status: invalid.status, field: invalid.body.field }).toEqual({ status: 422, field: 'conferenceDate' in body ? 'conferenceDate' : 'coachIds' });
    }
    expect(await store.headPosition()).toBe(before);

    const assigned = await request(server()).post(`/referrals/${referralId}/coach-assignment`).set(await as('coach-noord-2')).send({ coachIds: ['coach-noord-1'] }).expect(200);
    const firstVisitDue = new Date(Date.parse(`${receivedAt.slice(0, 10)}T00:00:00.000Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(assigned.body).toEqual({ referralId, coachIds: ['coach-noord-1'], firstVisitDue, coaches: [{ userId: 'coach-noord-1', caseload: 0, capacity: 1, freeCapacity: 1 }] });
    const events: { type: string; data: Record<string, unknown> }[] = [];
    for await (const event of store.readStream(referralStream(referralId))) events.push(event);
    expect(events.at(-1)).toMatchObject({
      type: 'CoachesAssigned',
      data: { referralId, teamId: 'wijkteam-noord', coachIds: ['coach-noord-1'], decidedBy: 'coach-noord-2', conferenceDate: new Date().toISOString().slice(0, 10), firstVisitDue },
    });

    // coach-noord-1 is full now: after every coach with room, whatever the match (seed 002; not enforced)
    await eventually(async () => expect((await listed()).find((m) => m.userId === 'coach-noord-1')).toMatchObject({ caseload: 1, freeCapacity: 0 }));
    const next = await request(server()).post('/referrals').set(await as('coordinator-1')).send({ ...referral, themes: ['opvoeding', 'school'] }).expect(201);
    const ranked = await request(server()).get(`/referrals/${next.body.referralId}/coach-suggestions`).set(await as('coordinator-1')).expect(200);
    expect(ranked.body.suggestions.map((s: { userId: string }) => s.userId)).toEqual(['coach-noord-2', 'coach-noord-1']);
    // the suggestions read the client's file: recorded in its access log (NEN 7513)
    const log = await request(server()).get(`/clients/${created.body.clientId}/access-log`).set(await as('auditor-1')).expect(200);
    expect(log.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ userId: 'coach-noord-2', part: 'referral', clientId: created.body.clientId })]));
    const full = await request(server()).post(`/referrals/${next.body.referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds: ['coach-noord-1'], conferenceDate: '2026-03-02' }).expect(200);
    expect(full.body.coaches).toEqual([{ userId: 'coach-noord-1', caseload: 1, capacity: 1, freeCapacity: 0 }]);
  });

  it('a member who left is neither listed nor assignable', async () => {
    await request(server()).delete(`${members}/coach-noord-2`).set(await as('coordinator-1')).expect(200);
    const created = await request(server()).post('/referrals').set(await as('coordinator-1')).send(referral).expect(201);
    const refused = await request(server()).post(`/referrals/${created.body.referralId}/coach-assignment`).set(await as('coordinator-1')).send({ coachIds: ['coach-noord-2'] });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'unknown_coach' });
    await eventually(async () => expect((await listed()).map((m) => m.userId)).toEqual(['coach-noord-1', 'volwassenenteam-1']));
  });

  it('keeps the directory inside intake; CoachesAssigned leaves within its schema', async () => {
    const published: string[] = [];
    let teamEvents = 0;
    for await (const event of app.get<EventStore>(RAW_EVENT_STORE).readAll()) {
      if (event.type.startsWith('TeamMember')) {
        teamEvents += 1;
        expect(intakeGateway.routeOf(event)).toBeUndefined();
      }
      if (event.type === 'CoachesAssigned') published.push(intakeGateway.publish(event)?.type ?? 'none');
    }
    expect(teamEvents).toBeGreaterThan(0);
    expect(published).toEqual(['CoachesAssigned', 'CoachesAssigned']);
  });
});
