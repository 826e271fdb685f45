import { Controller, Get, type INestApplication, NotFoundException, Param } from '@nestjs/common';
import { Roles } from '@wijkteam/auth';
import { EVENT_STORE, EventStoreUnavailable } from '@wijkteam/event-store';
import request from 'supertest';
import { AccessLog } from '../src/access-log/access-log';
import { AccessLogged } from '../src/access-log/access-logged.decorator';
import { type AuditHttpApp, bootAuditApp } from './support/audit-http-app';

const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const referralId = '0193a5b2-7c1e-7000-8000-00000000a001';
const now = new Date('2026-11-23T10:00:00.000Z');

@Controller('referrals')
class TestReferralController {
  @Get(':referralId')
  @Roles('coach', 'team-coordinator')
  @AccessLogged({ part: 'referral' })
  get(@Param('referralId') id: string): { referralId: string; clientId: string; status: string } {
    if (id !== referralId) throw new NotFoundException();
    return { referralId, clientId, status: 'received' };
  }
}

@Controller('safety')
class TestSafetyController {
  @Get(':clientId')
  @Roles('behavioural-scientist')
  @AccessLogged({ part: 'safety', purpose: 'safety_assessment', clientId: { param: 'clientId' } })
  get(): { etm: number } {
    return { etm: 5 };
  }
}

@Controller('fhir')
class TestFhirController {
  @Get(':clientId')
  @Roles('coach')
  @AccessLogged({ part: 'consent', clientId: { select: (body) => (body as { patient: { reference: string } }).patient.reference.slice('Patient/'.length) } })
  get(@Param('clientId') id: string): { resourceType: string; patient: { reference: string } } {
    return { resourceType: 'Consent', patient: { reference: `Patient/${id}` } };
  }
}

describe('access log over HTTP', () => {
  let app: INestApplication;
  let log: AccessLog;
  let as: AuditHttpApp['as'];

  beforeAll(async () => {
    ({ app, log, as } = await bootAuditApp(() => now, [TestReferralController, TestSafetyController, TestFhirController]));
  });
  afterAll(async () => {
    await app.close();
  });

  it('records one access event for a successful GET, with who, what, when and for whom', async () => {
    await request(app.getHttpServer())
      .get(`/referrals/${referralId}`)
      .set(await as('coach-noord-1'))
      .set('x-on-behalf-of', 'coach-noord-2')
      .expect(200, { referralId, clientId, status: 'received' });
    expect(await log.listForClient(clientId)).toEqual([
      { clientId, part: 'referral', userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord', onBehalfOf: 'coach-noord-2', purpose: 'care_delivery', accessedAt: now.toISOString() },
    ]);
  });

  it('records no read for a 404, a 403 or a 401 (denials are not reads of the file)', async () => {
    const before = (await log.listForClient(clientId)).length;
    await request(app.getHttpServer()).get(`/referrals/${clientId}`).set(await as('coach-noord-1')).expect(404);
    await request(app.getHttpServer()).get(`/referrals/${referralId}`).set(await as('auditor-1')).expect(403);
    await request(app.getHttpServer()).get(`/referrals/${referralId}`).expect(401);
    expect(await log.listForClient(clientId)).toHaveLength(before);
    // A refusal names no client when the route names only a referral: nothing to record it for.
    expect(await log.listRefusalsForClient(clientId)).toEqual([]);
  });

  it("records the roles guard's 403 as a refused attempt, role_not_allowed, when the route names the client", async () => {
    const refused = '0193a5b2-7c1e-7000-8000-00000000c0bb';
    await request(app.getHttpServer()).get(`/safety/${refused}`).set(await as('coach-noord-1')).expect(403);
    await request(app.getHttpServer()).get(`/safety/not-a-client`).set(await as('coach-noord-1')).expect(403);
    expect(await log.listForClient(refused)).toEqual([]);
    expect(await log.listRefusalsForClient(refused)).toEqual([
      { clientId: refused, part: 'safety', userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord', onBehalfOf: null, reason: 'role_not_allowed', refusedAt: now.toISOString() },
    ]);
  });

  it('answers 5xx, never the data nor a bare 403, when a role refusal cannot be recorded', async () => {
    const store = app.get(EVENT_STORE);
    const append = jest.spyOn(store, 'appendToStream').mockRejectedValueOnce(new EventStoreUnavailable('disk full'));
    await request(app.getHttpServer()).get(`/safety/${clientId}`).set(await as('coach-noord-1')).expect(503);
    append.mockRestore();
  });

  it('takes the client id from a route parameter when told to', async () => {
    const other = '0193a5b2-7c1e-7000-8000-00000000c0aa';
    await request(app.getHttpServer()).get(`/safety/${other}`).set(await as('gedragswetenschapper-1')).expect(200);
    expect(await log.listForClient(other)).toEqual([expect.objectContaining({ clientId: other, part: 'safety', purpose: 'safety_assessment', role: 'behavioural-scientist', onBehalfOf: null })]);
  });

  it('takes the client id from a nested field of the body when the route selects it (a FHIR resource)', async () => {
    const patient = '0193a5b2-7c1e-7000-8000-00000000c0cc';
    await request(app.getHttpServer()).get(`/fhir/${patient}`).set(await as('coach-noord-1')).expect(200);
    expect(await log.listForClient(patient)).toEqual([expect.objectContaining({ clientId: patient, part: 'consent' })]);
    await request(app.getHttpServer()).get('/fhir/not-a-client').set(await as('coach-noord-1')).expect(500);
  });

  it('lists the access log for coordinators and auditors, and logs that read too', async () => {
    const server = app.getHttpServer();
    const before = (await log.listForClient(clientId)).length;
    const first = await request(server).get(`/clients/${clientId}/access-log`).set(await as('auditor-1')).expect(200);
    expect(first.body.items).toHaveLength(before);
    expect(first.body.items[0]).toMatchObject({ userId: 'coach-noord-1', part: 'referral' });
    const second = await request(server).get(`/clients/${clientId}/access-log`).set(await as('coordinator-1')).expect(200);
    expect(second.body.items).toHaveLength(before + 1);
    expect(second.body.items[before]).toMatchObject({ userId: 'auditor-1', role: 'auditor', organisation: 'gemeente', part: 'access-log', purpose: 'audit' });
  });

  it('refuses the access log to a coach (403, recorded as a refused attempt, not a read) and a malformed client id (400)', async () => {
    const server = app.getHttpServer();
    const before = (await log.listForClient(clientId)).length;
    await request(server).get(`/clients/${clientId}/access-log`).set({ ...(await as('coach-noord-1')), 'x-on-behalf-of': 'coach-noord-2' }).expect(403);
    const bad = await request(server).get('/clients/123456782/access-log').set(await as('auditor-1')).expect(400);
    expect(bad.body.field).toBe('clientId');
    expect(await log.listForClient(clientId)).toHaveLength(before);
    expect(await log.listRefusalsForClient(clientId)).toEqual([
      { clientId, part: 'access-log', userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord', onBehalfOf: 'coach-noord-2', reason: 'role_not_allowed', refusedAt: expect.any(String) },
    ]);
  });

  it('fails closed: when the access cannot be recorded, the data is not returned', async () => {
    const store = app.get(EVENT_STORE);
    const append = jest.spyOn(store, 'appendToStream').mockRejectedValueOnce(new EventStoreUnavailable('disk full'));
    const response = await request(app.getHttpServer()).get(`/referrals/${referralId}`).set(await as('coach-noord-1')).expect(503);
    expect(response.body.clientId).toBeUndefined();
    append.mockRestore();
  });
});
