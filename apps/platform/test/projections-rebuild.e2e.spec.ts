import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { consentStream } from '@wijkteam/consent';
import { createEventStore, withCodec } from '@wijkteam/event-store';
import { PERSONAL_DATA } from '@wijkteam/contracts';
import { referralStream } from '@wijkteam/intake';
import { definePersonalDataPolicy, PersonalDataCodec } from '@wijkteam/privacy';
import { loadConfig, openSubjectKeys } from '@wijkteam/runtime';

/** `npm run projections:rebuild -- <name>` as an operator runs it: a real process over a stopped service's files. */
const root = path.join(__dirname, '../../..');
const script = path.join(root, 'apps/platform/src/projections-rebuild.ts');
const register = path.join(root, 'tools/ts-register.js');
const client = '0190a000-0000-7000-8000-00000000c001';

describe('npm run projections:rebuild', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'projections-rebuild-'));
  const env = { ...process.env, EVENT_STORE_URL: `sqlite:${path.join(dataDir, 'events.db')}`, SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dataDir, 'keys.db')}`, LOG_LEVEL: 'warn' };
  const run = (...args: string[]) => spawnSync(process.execPath, ['-r', register, script, ...args], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(async () => {
    const store = createEventStore(env.EVENT_STORE_URL);
    const metadata = { occurredAt: '2026-12-01T00:00:00.000Z', actor: { userId: 'spec', role: 'coach', organisation: 'spec' }, correlationId: 'spec', schemaVersion: 1 };
    await store.appendToStream(consentStream(client), [
      {
        id: '0190a000-0000-7000-8000-0000000000e1',
        type: 'ConsentGranted',
        data: {
          consentId: '0190a000-0000-7000-8000-0000000000a1', clientId: client, ageBand: '16_plus', grantors: [{ relation: 'client' }], purpose: 'warm_handover',
          recipient: { organisation: 'volwassenenteam', role: null }, dataCategories: ['help_request'],
          period: { from: '2026-12-01T00:00:00.000Z', until: '2027-06-01T00:00:00.000Z' }, evidence: { documentId: '0190a000-0000-7000-8000-0000000000d1' }, grantedAt: '2026-12-01T00:00:00.000Z',
        },
        metadata,
      },
    ]);
    await store.close();
  });

  it('builds the named read model from the history into its file beside the store, and says so', () => {
    const result = run('consent_index');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^rebuilt consent_index \(consent\) from the history in \d+\.\d s$/m);
    const db = new Database(path.join(dataDir, 'projections-consent.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT client_id, revision FROM consent_index_clients').all()).toEqual([{ client_id: client, revision: '0' }]);
      expect(db.prepare("SELECT version FROM projection_checkpoints WHERE name = 'consent_index'").get()).toEqual({ version: 1 });
    } finally {
      db.close();
    }
  });

  it('refuses an unknown name (listing the known ones) and a bus-fed read model, with exit code 64', () => {
    const unknown = run('nope');
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain('no projection nope; known: consent_index, consent_retention, consent_safety_decisions, case_file_status, referral_worklist, team_directory, caseload, client_referrals, coach_safety_flags, care_history, case_overview, first_visit_deadlines, plan_worklist, transition_worklist, safety_case_files, safety_plan_deadlines, escalation_worklist, meldcode_worklist, reporting_referrals, reporting_closures, reporting_consents, reporting_waiting_list, reporting_caseload, reporting_case_deadlines, reporting_compliance, reporting_safety_plans, reporting_meldcode_escalations, reporting_transitions');
    const bus = run('consent_retention');
    expect(bus.status).toBe(64);
    expect(bus.stderr).toContain('fed by the bus');
    const figures = run('reporting_referrals');
    expect(figures.status).toBe(64);
    expect(figures.stderr).toContain('fed by the bus');
    expect(run().status).toBe(64);
  });

  it('rebuilds the care-history index from sealed referrals with the key store: match keys, no plaintext', async () => {
    const config = loadConfig({ AUTH_MODE: 'development', NODE_ENV: 'development' }, { EVENT_STORE_URL: env.EVENT_STORE_URL, SUBJECT_KEY_STORE_URL: env.SUBJECT_KEY_STORE_URL });
    const keys = await openSubjectKeys(config);
    const store = withCodec(createEventStore(env.EVENT_STORE_URL), new PersonalDataCodec(definePersonalDataPolicy(PERSONAL_DATA), keys.ring));
    const referralId = '0190a000-0000-7000-8000-0000000000f1';
    const child = { name: 'Herbouw Kind', birthDate: '2015-05-05', bsn: '111222333' };
    await store.appendToStream(referralStream(referralId), [
      {
        id: '0190a000-0000-7000-8000-0000000000e2',
        type: 'ReferralReceived',
        data: { referralId, clientId: client, teamId: 'wijkteam-noord', channel: 'phone', route: 'jgz', childIds: [client], familyMembers: [], receivedAt: '2026-12-01T00:00:00.000Z', client: child, referrer: { organisation: 'x', role: 'y', contact: 'z' }, helpQuestion: 'h', themes: [] },
        metadata: { occurredAt: '2026-12-01T00:00:00.000Z', actor: { userId: 'spec', role: 'coach', organisation: 'spec' }, correlationId: 'spec', schemaVersion: 1 },
      },
    ]);
    await store.close();
    await keys.store.close();

    const result = run('care_history');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const file = path.join(dataDir, 'projections-intake.db');
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare('SELECT client_id, matched_on FROM care_history_keys ORDER BY matched_on').all()).toEqual([
        { client_id: client, matched_on: 'bsn' },
        { client_id: client, matched_on: 'name_birth_date' },
      ]);
    } finally {
      db.close();
    }
    const atRest = ['', '-wal'].map((suffix) => (fs.existsSync(file + suffix) ? fs.readFileSync(file + suffix).toString('latin1') : '')).join('');
    expect(atRest).not.toContain(child.bsn);
    expect(atRest).not.toContain(child.name);
  });
});

