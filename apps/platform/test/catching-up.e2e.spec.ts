import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ConsentModule, consentStream } from '@wijkteam/consent';
import { createEventStore } from '@wijkteam/event-store';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { bootTestApp, devAuthorization } from './support/service-apps';

/**
 * A first start of the consent service over an existing history (a new replica, lost read models):
 * it listens at once, says in readiness that consent_index is catching up, answers a decision with
 * 503 and Retry-After rather than deciding on a stale index, and decides once the index is live.
 */
describe('consent service, first start over a long history', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'catching-up-e2e-'));
  const CLIENTS = 40_000;
  const probe = crypto.randomUUID();
  let app: INestApplication;

  beforeAll(async () => {
    // The history: five grants per client (200k events), written before the service ever ran.
    const store = createEventStore(`sqlite:${path.join(dataDir, 'events.db')}`, { synchronous: 'OFF' });
    const now = new Date().toISOString();
    const until = new Date(Date.now() + 180 * 86_400_000).toISOString();
    const metadata = { occurredAt: now, actor: { userId: 'seed', role: 'coach', organisation: 'wijkteam' }, correlationId: 'seed', schemaVersion: 1 };
    for (let n = 0; n < CLIENTS; n++) {
      const clientId = n === CLIENTS - 1 ? probe : crypto.randomUUID();
      const events = ['jgz', 'huisarts', 'school', 'volwassenenteam', 'jgz'].map((organisation, k) => ({
        id: crypto.randomUUID(),
        type: 'ConsentGranted',
        data: {
          consentId: crypto.randomUUID(), clientId, ageBand: '16_plus', grantors: [{ relation: 'client' }], purpose: k === 4 ? 'network_analysis' : 'information_exchange',
          recipient: { organisation, role: k === 4 ? null : `r${k}` }, dataCategories: ['help_request'], period: { from: now, until }, evidence: null, grantedAt: now,
        },
        metadata,
      }));
      await store.appendToStream(consentStream(clientId), events, { expectedRevision: 'no_stream' });
    }
    await store.close();
    app = await bootTestApp({ service: 'consent', features: [ConsentModule], dir: dataDir, settings: { TRANSPORT: 'in-process' } });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('is ready but catching up, refuses to decide with 503 and Retry-After, then decides on the whole history', async () => {
    const server = app.getHttpServer();
    const as = devAuthorization(app);
    const ask = { clientId: probe, recipient: { organisation: 'jgz', role: 'jeugdarts' }, purpose: 'network_analysis', dataCategories: ['help_request'] };

    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body.progress['projections:consent'].consent_index).toBe('catching_up');
    const refused = await request(server).post('/consent/decisions').set(await as('coach-noord-1')).send(ask).expect(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({ code: 'projection_catching_up' });

    await eventually(async () => expect((await request(server).get('/health/ready')).body.progress['projections:consent'].consent_index).toBe('live'), 150_000, 200);
    const decided = await request(server).post('/consent/decisions').set(await as('coach-noord-1')).send(ask).expect(201);
    expect(decided.body).toMatchObject({ outcome: 'permit', basis: { kind: 'consent' } });
  }, 180_000);
});
