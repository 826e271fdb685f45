import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DEVELOPMENT_ISSUER, DevelopmentIssuer } from '@wijkteam/auth';
import { EVENT_STORE, type EventStore } from '@wijkteam/event-store';
import { ServiceClients } from '@wijkteam/messaging';
import { ProjectionHost } from '@wijkteam/projections';
import { configureHttp, loadConfig, ServiceAppModule, startTransports } from '@wijkteam/runtime';
import request from 'supertest';
import { ConsentModule } from '../src';
import { ConsentExpiryScheduler } from '../src/application/consent-expiry.scheduler';
import { consentStream } from '../src/domain/consent';
import { recordSafetyDecision, safetyDecisionsProjection } from '../src/projections/safety-decisions.projection';

const uuid = (): string => crypto.randomUUID();

/** The consent service on its own, end to end over HTTP: SQLite in memory, development issuer. */
describe('consent service (HTTP)', () => {
  let app: INestApplication;
  let store: EventStore;
  const tokens: Record<string, string> = {};
  const as = async (userId: string) => {
    tokens[userId] ??= (await request(app.getHttpServer()).post('/auth/dev/token').send({ userId }).expect(200)).body.access_token;
    return { Authorization: `Bearer ${tokens[userId]}` };
  };
  const day = 24 * 60 * 60 * 1000;
  const iso = (offsetDays: number) => new Date(Date.now() + offsetDays * day).toISOString();
  const grantBody = (clientId: string, overrides: Record<string, unknown> = {}) => ({
    clientId, subjectAge: 13, grantors: [{ relation: 'client' }, { relation: 'parent' }], purpose: 'network_analysis',
    recipient: { organisation: 'jgz' }, dataCategories: ['help_request', 'plan_of_approach'],
    period: { from: iso(-1), until: iso(90) }, evidence: { documentId: uuid() }, ...overrides,
  });
  const ask = (clientId: string, overrides: Record<string, unknown> = {}) => ({
    clientId, recipient: { organisation: 'jgz', role: 'jeugdarts' }, purpose: 'network_analysis', dataCategories: ['help_request'], ...overrides,
  });

  beforeAll(async () => {
    const config = loadConfig({ AUTH_MODE: 'development', LOG_LEVEL: 'silent', NODE_ENV: 'test' }, { EVENT_STORE_URL: 'sqlite::memory:', TRANSPORT: 'in-process', PORT: '0' });
    const moduleRef = await Test.createTestingModule({ imports: [ServiceAppModule.forRoot(config, 'consent', [ConsentModule])] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureHttp(app, config, 'test');
    await startTransports(app);
    await app.init();
    store = app.get(EVENT_STORE);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('grant → permit → disclosure recorded → listed; withdraw → deny', async () => {
    const server = app.getHttpServer();
    const clientId = uuid();
    const granted = await request(server).post('/consent/grants').set(await as('coach-noord-1')).send(grantBody(clientId)).expect(201);
    expect(granted.body).toMatchObject({ clientId, status: 'active' });
    expect(granted.headers.etag).toBe('"0"');
    const { consentId } = granted.body;

    const permit = await request(server).post('/consent/decisions').set(await as('gedragswetenschapper-1')).send(ask(clientId)).expect(201);
    expect(permit.body).toMatchObject({ outcome: 'permit', basis: { kind: 'consent', consentId }, denialReason: null });

    const recorded = await request(server).post('/consent/disclosures').set(await as('coach-noord-1'))
      .send({ ...ask(clientId), decisionId: permit.body.decisionId }).expect(201);
    const log = await request(server).get(`/consent/clients/${clientId}/disclosures`).set(await as('auditor-1')).expect(200);
    expect(log.body.disclosures).toEqual([
      expect.objectContaining({ disclosureId: recorded.body.disclosureId, decisionId: permit.body.decisionId, recipient: { organisation: 'jgz', role: 'jeugdarts' },
        dataCategories: ['help_request'], basis: expect.objectContaining({ kind: 'consent', consentId }), recordedByOrganisation: 'wijkteam-noord' }),
    ]);

    await request(server).post(`/consent/consents/${consentId}/withdrawal`).set(await as('coach-noord-1')).set('If-Match', '"5"').send({ withdrawnBy: 'parent', reason: 'client_wishes' }).expect(412);
    await request(server).post(`/consent/consents/${consentId}/withdrawal`).set(await as('coach-noord-1')).send({ withdrawnBy: 'parent', reason: 'client_wishes' }).expect(200);
    const again = await request(server).post(`/consent/consents/${consentId}/withdrawal`).set(await as('coach-noord-1')).send({ withdrawnBy: 'parent', reason: 'client_wishes' }).expect(409);
    expect(again.body.code).toBe('consent_already_withdrawn');

    const denied = await request(server).post('/consent/decisions').set(await as('coach-noord-1')).send(ask(clientId)).expect(201);
    expect(denied.body).toMatchObject({ outcome: 'deny', denialReason: 'consent_withdrawn', basis: null });
    const refused = await request(server).post('/consent/disclosures').set(await as('coach-noord-1')).send({ ...ask(clientId), decisionId: denied.body.decisionId }).expect(403);
    expect(refused.body.code).toBe('disclosure_not_permitted');

    const history = await request(server).get(`/consent/clients/${clientId}/consents`).set(await as('coordinator-1')).expect(200);
    expect(history.body.history.map((entry: { type: string }) => entry.type)).toEqual(['ConsentGranted', 'ConsentWithdrawn']);
    expect(history.body.consents[0]).toMatchObject({ consentId, status: 'withdrawn', ageBand: '12_15' });
  });

  it('refuses an overlapping grant (409), records a refusal, and expires only after the period', async () => {
    const server = app.getHttpServer();
    const clientId = uuid();
    const first = await request(server).post('/consent/grants').set(await as('coordinator-1')).send(grantBody(clientId)).expect(201);
    const overlap = await request(server).post('/consent/grants').set(await as('coordinator-1')).send(grantBody(clientId)).expect(409);
    expect(overlap.body).toMatchObject({ code: 'overlapping_consent', field: 'period' });
    const early = await request(server).post(`/consent/consents/${first.body.consentId}/expiry`).set(await as('coordinator-1')).expect(409);
    expect(early.body.code).toBe('consent_not_yet_expired');
    const refusal = await request(server).post('/consent/refusals').set(await as('coach-noord-1'))
      .send({ clientId, subjectAge: 13, refusedBy: 'client', purpose: 'warm_handover', recipient: { organisation: 'school' }, dataCategories: ['school_information'], reason: 'does_not_trust_recipient' }).expect(201);
    expect(refusal.body.status).toBe('refused');
    const denied = await request(server).post('/consent/decisions').set(await as('coach-noord-1'))
      .send(ask(clientId, { purpose: 'warm_handover', recipient: { organisation: 'school' }, dataCategories: ['school_information'] })).expect(201);
    expect(denied.body.denialReason).toBe('consent_refused');
  });

  it("permits on a Meldcode ground only with safety's decision about this client; the log links the decision", async () => {
    const server = app.getHttpServer();
    const clientId = uuid();
    const safetyDecisionId = uuid();
    const caseFileId = uuid();
    const meldcode = (decisionId: string, forClient = clientId) =>
      ask(forClient, { recipient: { organisation: 'veilig_thuis' }, purpose: 'information_exchange', legalGround: { ground: 'child_safety_meldcode', safetyDecisionId: decisionId } });
    const unknown = await request(server).post('/consent/decisions').set(await as('coach-noord-1')).send(meldcode(safetyDecisionId)).expect(201);
    expect(unknown.body).toMatchObject({ outcome: 'deny', basis: null, denialReason: 'legal_ground_not_applicable' });
    // What safety's MeldcodeDecisionTaken leaves in consent's read model (the bus feed is the projection spec's).
    const decision = { decisionId: safetyDecisionId, clientId, caseFileId, outcome: 'report_to_veilig_thuis', decidedAt: new Date().toISOString() };
    await app.get(ProjectionHost).applyOnce(safetyDecisionsProjection.name, uuid(), (tx) => recordSafetyDecision(tx, decision));
    const permit = await request(server).post('/consent/decisions').set(await as('coach-noord-1')).send(meldcode(safetyDecisionId)).expect(201);
    expect(permit.body).toMatchObject({ outcome: 'permit', basis: { kind: 'legal_ground', legalGround: 'child_safety_meldcode', safetyDecisionId } });
    const otherClient = await request(server).post('/consent/decisions').set(await as('coach-noord-1')).send(meldcode(safetyDecisionId, uuid())).expect(201);
    expect(otherClient.body.denialReason).toBe('legal_ground_not_applicable');
    const log = await request(server).get(`/consent/clients/${clientId}/disclosures`).set(await as('auditor-1')).expect(200);
    expect(log.body.decisions.map((entry: { outcome: string; safetyDecision?: unknown }) => [entry.outcome, entry.safetyDecision])).toEqual([
      ['deny', undefined],
      ['permit', { caseFileId, outcome: 'report_to_veilig_thuis', decidedAt: decision.decidedAt }],
    ]);
  });

  it('names the field at fault (422) and appends nothing', async () => {
    const server = app.getHttpServer();
    const clientId = uuid();
    const before = await store.headPosition();
    const grants: [Record<string, unknown>, string, RegExp?][] = [
      [{ purpose: undefined }, 'purpose', /broad consent is not allowed/],
      [{ purpose: 'everything' }, 'purpose'],
      [{ recipient: undefined }, 'recipient', /broad consent is not allowed/],
      [{ recipient: {} }, 'recipient'],
      [{ recipient: { organisation: 'Jan de Vries' } }, 'recipient.organisation'],
      [{ dataCategories: [] }, 'dataCategories', /broad consent is not allowed/],
      [{ dataCategories: ['diary'] }, 'dataCategories', /data categories of the catalogue/],
      [{ purpose: 'Jan de Vries, 12-03-2014' }, 'purpose', /^purpose: purpose must be a purpose of the catalogue$/],
      [{ clientId: 'not-a-uuid' }, 'clientId'],
      [{ subjectAge: 'twelve' }, 'subjectAge'],
      [{ grantors: [] }, 'grantors'],
      [{ grantors: [{ relation: 'neighbour' }] }, 'grantors.0.relation'],
      [{ grantors: [{ relation: 'client' }] }, 'grantors'],
      [{ period: { from: iso(1) } }, 'period.until'],
      [{ period: { from: iso(10), until: iso(1) } }, 'period.until'],
      [{ period: { from: iso(-400), until: iso(-1) } }, 'period.until'],
      [{ evidence: { documentId: 'scan.pdf' } }, 'evidence.documentId'],
      [{ evidence: undefined }, 'evidence'],
      [{ name: 'Jan' }, 'name'],
    ];
    for (const [overrides, field, message] of grants) {
      const response = await request(server).post('/consent/grants').set(await as('coach-noord-1')).send(grantBody(clientId, overrides));
      expect({ field, status: response.status, got: response.body.field }).toEqual({ field, status: 422, got: field });
      if (message) expect(response.body.message).toMatch(message);
    }
    const youth = await request(server).post('/consent/grants').set(await as('coach-noord-1')).send(grantBody(clientId, { subjectAge: 17, grantors: [{ relation: 'parent' }] })).expect(403);
    expect(youth.body).toMatchObject({ code: 'grantor_lacks_capacity', field: 'grantors.0.relation' });
    const refusal = await request(server).post('/consent/refusals').set(await as('coach-noord-1')).send({ clientId, subjectAge: 13, refusedBy: 'client', purpose: 'warm_handover', recipient: { organisation: 'school' }, dataCategories: ['school_information'] }).expect(422);
    expect(refusal.body.field).toBe('reason');
    const decisions: [Record<string, unknown>, string][] = [
      [{ purpose: '' }, 'purpose'],
      [{ recipient: {} }, 'recipient'],
      [{ dataCategories: [] }, 'dataCategories'],
      [{ legalGround: { ground: 'child_safety_meldcode' } }, 'legalGround.safetyDecisionId'],
      [{ legalGround: { ground: 'because' } }, 'legalGround.ground'],
    ];
    for (const [overrides, field] of decisions) {
      const response = await request(server).post('/consent/decisions').set(await as('coach-noord-1')).send(ask(clientId, overrides));
      expect({ field, status: response.status, got: response.body.field }).toEqual({ field, status: 422, got: field });
    }
    const unknown = await request(server).post('/consent/disclosures').set(await as('coach-noord-1')).send({ ...ask(clientId), decisionId: uuid() }).expect(404);
    expect(unknown.body.field).toBe('decisionId');
    await request(server).post(`/consent/consents/${uuid()}/withdrawal`).set(await as('coach-noord-1')).send({ withdrawnBy: 'client', reason: 'other' }).expect(404);
    await request(server).post('/consent/consents/not-a-uuid/withdrawal').set(await as('coach-noord-1')).send({ withdrawnBy: 'client', reason: 'other' }).expect(400);
    expect(await store.headPosition()).toBe(before);
  });

  it('takes grant, withdrawal and decisions over request/reply, with the same rules, on behalf of the user of the token', async () => {
    const consent = app.get(ServiceClients, { strict: false }).get('consent');
    await as('coach-noord-1');
    const token = tokens['coach-noord-1'];
    const clientId = uuid();
    const granted = await consent.request<{ consentId: string; status: string }>('consent.grant', { request: grantBody(clientId), token, correlationId: 'corr-nats-0001' });
    expect(granted.status).toBe('active');
    const ask = { clientId, recipient: { organisation: 'jgz' }, purpose: 'network_analysis', dataCategories: ['help_request'] };
    await expect(consent.request('consent.decide', { request: ask, token, correlationId: 'corr-nats-0002' })).resolves.toMatchObject({ outcome: 'permit' });
    const withdrawn = await consent.request<{ status: string }>('consent.withdraw', {
      consentId: granted.consentId, request: { withdrawnBy: 'client', reason: 'client_wishes' }, token, correlationId: 'corr-nats-0003',
    });
    expect(withdrawn.status).toBe('withdrawn');
    await expect(consent.request('consent.decide', { request: ask, token, correlationId: 'corr-nats-0004' })).resolves.toMatchObject({ outcome: 'deny', denialReason: 'consent_withdrawn' });
    // Each decision is recorded as the token's user did it.
    const recorded: { type: string; actor: unknown }[] = [];
    for await (const event of store.readStream(consentStream(clientId))) recorded.push({ type: event.type, actor: event.metadata.actor });
    expect(recorded.map(({ type }) => type)).toEqual(['ConsentGranted', 'ConsentWithdrawn']);
    for (const { actor } of recorded) expect(actor).toEqual({ userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' });
    // broad consent is refused over NATS as over HTTP, naming the field
    const before = await store.headPosition();
    await expect(consent.request('consent.grant', { request: grantBody(uuid(), { purpose: undefined }), token, correlationId: 'corr-nats-0005' })).rejects.toMatchObject({ remoteCode: 'invalid_input' });
    await expect(consent.request('consent.grant', { request: grantBody(uuid()), correlationId: 'corr-nats-0006' })).rejects.toMatchObject({ remoteCode: 'invalid_input' });
    expect(await store.headPosition()).toBe(before);
  });

  it('acts on nobody\'s word: a named actor, a forged token and an expired one are refused over request/reply, and nothing is appended', async () => {
    const consent = app.get(ServiceClients, { strict: false }).get('consent');
    const before = await store.headPosition();
    const actor = { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' };
    // The envelope of before: an actor named by the caller.
    await expect(consent.request('consent.grant', { request: grantBody(uuid()), actor, correlationId: 'corr-forge-01' })).rejects.toMatchObject({ remoteCode: 'invalid_input' });
    // A token signed by another key than the identity provider's (here: another development issuer).
    const forger = await DevelopmentIssuer.create({ issuer: DEVELOPMENT_ISSUER, audience: 'wijkteam' });
    const forged = await forger.issueDevelopmentToken('coach-noord-1');
    await expect(consent.request('consent.grant', { request: grantBody(uuid()), token: forged, correlationId: 'corr-forge-02' })).rejects.toMatchObject({ remoteCode: 'user_invalid_token' });
    await expect(consent.request('consent.decide', { request: ask(uuid()), token: forged, correlationId: 'corr-forge-03' })).rejects.toMatchObject({ remoteCode: 'user_invalid_token' });
    // The service's own issuer, but expired: a captured token does not live on.
    const expired = await app.get(DevelopmentIssuer).issueDevelopmentToken('coach-noord-1', { issuedAt: new Date(Date.now() - 3 * 3600_000), expiresInSeconds: 3600 });
    await expect(consent.request('consent.grant', { request: grantBody(uuid()), token: expired, correlationId: 'corr-forge-04' })).rejects.toMatchObject({ remoteCode: 'user_token_expired' });
    expect(await store.headPosition()).toBe(before);
  });

  it('records expiry by the clock once the period has ended', async () => {
    const clientId = uuid();
    const until = iso(2);
    const granted = await request(app.getHttpServer()).post('/consent/grants').set(await as('coach-noord-1')).send(grantBody(clientId, { period: { from: iso(-1), until } })).expect(201);
    const scheduler = app.get(ConsentExpiryScheduler);
    const now = Date.now();
    await scheduler.runOnce(new Date(now));
    const stillActive = await request(app.getHttpServer()).get(`/consent/consents/${granted.body.consentId}`).set(await as('coach-noord-1')).expect(200);
    expect(stillActive.body.status).toBe('active');
    expect(await scheduler.runOnce(new Date(Date.parse(until) + 1000))).toBeGreaterThanOrEqual(1);
    const expired = await request(app.getHttpServer()).get(`/consent/consents/${granted.body.consentId}`).set(await as('coach-noord-1')).expect(200);
    expect(expired.body.status).toBe('expired');
    const history = await request(app.getHttpServer()).get(`/consent/clients/${clientId}/consents`).set(await as('auditor-1')).expect(200);
    expect(JSON.stringify(history.body)).toContain('ConsentExpired');
  });

  it('401 without a token, 403 for the wrong role', async () => {
    const server = app.getHttpServer();
    const clientId = uuid();
    await request(server).post('/consent/grants').send(grantBody(clientId)).expect(401);
    await request(server).post('/consent/decisions').send(ask(clientId)).expect(401);
    await request(server).get(`/consent/clients/${clientId}/disclosures`).expect(401);
    for (const userId of ['auditor-1', 'gedragswetenschapper-1', 'front-office-1', 'volwassenenteam-1', 'partner-jgz-1'])
      await request(server).post('/consent/grants').set(await as(userId)).send(grantBody(clientId)).expect(403);
    for (const userId of ['auditor-1', 'front-office-1', 'partner-jgz-1'])
      await request(server).post('/consent/decisions').set(await as(userId)).send(ask(clientId)).expect(403);
    for (const userId of ['gedragswetenschapper-1', 'front-office-1', 'partner-jgz-1'])
      await request(server).get(`/consent/clients/${clientId}/consents`).set(await as(userId)).expect(403);
  });

  it('exports a consent as FHIR R4 Consent over HTTP', async () => {
    const server = app.getHttpServer();
    const clientId = uuid();
    const granted = await request(server).post('/consent/grants').set(await as('coach-noord-1')).send(grantBody(clientId)).expect(201);
    const fhir = await request(server).get(`/consent/consents/${granted.body.consentId}/fhir`).set(await as('auditor-1')).expect(200);
    expect(fhir.headers['content-type']).toMatch(/application\/fhir\+json/);
    expect(JSON.parse(fhir.text)).toMatchObject({ resourceType: 'Consent', id: granted.body.consentId, status: 'active', patient: { reference: `Patient/${clientId}` } });
    await request(server).get(`/consent/consents/${uuid()}/fhir`).set(await as('auditor-1')).expect(404);
  });

  it('keeps personal data out of the events: only ids and codes, the age as a band', async () => {
    const clientId = uuid();
    await request(app.getHttpServer()).post('/consent/grants').set(await as('coach-noord-1')).send(grantBody(clientId)).expect(201);
    const events = [];
    for await (const event of store.readStream(consentStream(clientId))) events.push(event);
    expect(events.map(({ type }) => type)).toEqual(['ConsentGranted']);
    for (const event of events) {
      expect(event.data).not.toHaveProperty('subjectAge');
      expect(event.data).toMatchObject({ ageBand: '12_15', grantors: [{ relation: 'client' }, { relation: 'parent' }] });
      expect(event.metadata).toMatchObject({ actor: { userId: 'coach-noord-1', role: 'coach' }, schemaVersion: 1 });
    }
  });
});
