import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { consentStream } from '@wijkteam/consent';
import { referralStream } from '@wijkteam/intake';
import Database from 'better-sqlite3';
import request from 'supertest';
import { openCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

const DAY = 86_400_000;

/**
 * The poison-record test of the embedded platform (issue 17): stored records that are not events
 * at all, written into the store file past its API (data that is not JSON, with a name in it), on a
 * referral stream (case planning's, reporting's and safety's consumers want its ReferralAccepted)
 * and on a consent stream (the consent index reads it). The platform goes on: a next referral
 * still opens a case file, consent still decides, each consumer that wanted a record dead-lettered
 * it with its position, and the figures say so. Nothing of the record's text leaves the file.
 */
describe('an unreadable stored record in the embedded platform', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unreadable-e2e-'));
  let app: INestApplication;
  let as: ReturnType<typeof devAuthorization>;
  const poisoned: Record<string, string> = {};

  beforeAll(async () => {
    app = await bootPlatform(dataDir);
    as = devAuthorization(app);
    await registerTeamNoord(app.getHttpServer(), as);
    await openCaseFile(app.getHttpServer(), as);
    const raw = new Database(path.join(dataDir, 'events.db'));
    try {
      const insert = raw.prepare('INSERT INTO events (stream_name, revision, id, type, data, metadata, recorded_at) VALUES (?, 0, ?, ?, ?, ?, ?)');
      for (const [stream, type] of [[referralStream(crypto.randomUUID()), 'ReferralAccepted'], [consentStream(crypto.randomUUID()), 'ConsentGranted']]) {
        const id = crypto.randomUUID();
        insert.run(stream, id, type, 'kind=Pim Gifkikker', '{}', Date.now());
        poisoned[type] = id;
      }
    } finally {
      raw.close();
    }
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('still opens the next case file and still decides on consent, and stays ready', async () => {
    const server = app.getHttpServer();
    const next = await openCaseFile(server, as, {}, { name: 'Noor Verder', birthDate: '2014-05-05' });
    await request(server)
      .post('/consent/grants')
      .set(await as('coach-noord-1'))
      .send({
        clientId: next.clientId, subjectAge: 11, grantors: [{ relation: 'parent' }], purpose: 'network_analysis', recipient: { organisation: 'jgz' }, dataCategories: ['help_request'],
        period: { from: new Date(Date.now() - DAY).toISOString(), until: new Date(Date.now() + 90 * DAY).toISOString() }, evidence: { documentId: crypto.randomUUID() },
      })
      .expect(201);
    const decided = await request(server)
      .post('/consent/decisions')
      .set(await as('coach-noord-1'))
      .send({ clientId: next.clientId, recipient: { organisation: 'jgz' }, purpose: 'network_analysis', dataCategories: ['help_request'] })
      .expect(201);
    expect(decided.body).toMatchObject({ outcome: 'permit' });
    await request(server).get('/health/ready').expect(200);
  });

  it('dead-letters each record on the consumers that wanted it, with its position and reason, and counts it', async () => {
    const messaging = new Database(path.join(dataDir, 'messaging.db'), { readonly: true });
    const events = new Database(path.join(dataDir, 'events.db'), { readonly: true });
    try {
      const letters = messaging.prepare('SELECT consumer, subject, event_id, position, error, original FROM dead_letters').all() as Record<string, string>[];
      const positionOf = (id: string) => String((events.prepare('SELECT position FROM events WHERE id = ?').get(id) as { position: number }).position);
      const accepted = letters.filter((letter) => letter.event_id === poisoned.ReferralAccepted);
      // Case planning opens case files from it; each consumer that wanted it says so once.
      expect(accepted.map((letter) => letter.consumer)).toEqual(expect.arrayContaining([expect.stringMatching(/^case-planning__/)]));
      expect(new Set(accepted.map((letter) => letter.consumer)).size).toBe(accepted.length);
      for (const letter of accepted) {
        expect(letter).toMatchObject({ subject: 'jeugd.intake.ReferralAccepted', position: positionOf(poisoned.ReferralAccepted) });
        expect(JSON.parse(letter.error)).toEqual({ name: 'UnreadableEvent', code: 'unreadable_event', message: 'data_not_json_object' });
      }
      expect(JSON.stringify(letters)).not.toContain('Gifkikker');
    } finally {
      messaging.close();
      events.close();
    }
    const metrics = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(metrics).toContain('wijkteam_consumer_dead_lettered_total{service="case-planning",consumer="case-planning__intake_ReferralAccepted"} 1\n');
    expect(metrics).toContain('wijkteam_consumer_dead_lettered_total{service="reporting",consumer="reporting__consent_any__reporting_consents_v1"} 1\n');
    expect(metrics).toMatch(/wijkteam_projection_unreadable_records\{service="consent",projection="consent_index"\} 1\n/);
  });
});
