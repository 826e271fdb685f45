import { spawnSync } from 'node:child_process';
import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { eventually } from '@wijkteam/testing';
import request from 'supertest';
import { openCaseFile, registerTeamNoord } from './support/case-files';
import { bootPlatform, devAuthorization } from './support/service-apps';

const root = path.join(__dirname, '../../..');
const script = path.join(root, 'apps/platform/src/audit-verify.ts');
const register = path.join(root, 'tools/ts-register.js');

/**
 * Issue 16, tamper evidence: the platform seals its history as it goes; an auditor verifies it, a
 * coach may not; `npm run audit:verify` over the stopped platform's store finds the ETM score that
 * was changed 3 → 1 behind its back, after the append-only triggers were dropped.
 */
describe('tamper evidence (embedded platform)', () => {
  let app: INestApplication;
  let as: (userId: string) => Promise<{ Authorization: string }>;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-seals-'));
  const storeFile = path.join(dataDir, 'events.db');
  const server = () => app.getHttpServer();
  const env = { ...process.env, EVENT_STORE_URL: `sqlite:${storeFile}`, SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dataDir, 'keys.db')}`, LOG_LEVEL: 'warn' };
  const verify = () => spawnSync(process.execPath, ['-r', register, script], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    app = await bootPlatform(dataDir, { REPORTING_SEAL_EVERY: '10', REPORTING_SEAL_IDLE_MS: '50' });
    as = devAuthorization(app);
    await registerTeamNoord(server(), as);
  });

  let closed = false;
  const close = async () => {
    if (!closed) await app?.close();
    closed = true;
  };

  afterAll(async () => {
    await close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('verifies the sealed history for an auditor, and refuses a coach (403)', async () => {
    const { caseFileId, clientId } = await openCaseFile(server(), as);
    await eventually(async () => {
      await request(server()).post(`/safety/${caseFileId}/etm-assessments`).set(await as('coach-noord-1')).send({ clientId, score: 3, reasons: ['parental_capacity'], secondAssessorId: 'coach-noord-2' }).expect(201);
    });
    const auditor = await as('auditor-1');
    // The sealer seals the head once a round finds nothing new: wait until the ETM score is sealed too.
    await eventually(async () => {
      const verification = await request(server()).get('/audit/verification').set(auditor).expect(200);
      expect(verification.body).toMatchObject({ intact: true, firstMismatch: null, seals: expect.any(Number), events: expect.any(Number) });
      expect(BigInt(verification.body.verifiedThrough)).toBeGreaterThanOrEqual(BigInt(positionOfEtm()));
    });
    expect((await request(server()).get('/audit/verification').set(await as('coach-noord-1')).expect(403)).body.code).toBeDefined();
    await request(server()).get('/audit/verification').expect(401);
  });

  it('npm run audit:verify: exit 0 over the intact store, exit 1 naming the edited ETM score once it was changed in the file', async () => {
    await close();
    const intact = verify();
    expect(intact.stderr).toBe('');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/^history intact: \d+ events in \d+ seals, through position \d+/m);

    const position = positionOfEtm();
    const db = new Database(storeFile);
    db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;');
    db.prepare("UPDATE events SET data = json_set(data, '$.score', 1) WHERE position = ?").run(position);
    const eventId = (db.prepare('SELECT id FROM events WHERE position = ?').get(position) as { id: string }).id;
    db.close();

    const changed = verify();
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain(`history changed: edited at position ${position}`);
    const report = JSON.parse(changed.stdout.trim().split('\n').pop()!) as { intact: boolean; firstMismatch: unknown };
    expect(report).toMatchObject({ intact: false, firstMismatch: { position, kind: 'edited', eventId } });
  });

  function positionOfEtm(): string {
    const db = new Database(storeFile, { readonly: true });
    try {
      return String((db.prepare("SELECT position FROM events WHERE type = 'EtmAssessed' ORDER BY position DESC LIMIT 1").get() as { position: number }).position);
    } finally {
      db.close();
    }
  }
});
