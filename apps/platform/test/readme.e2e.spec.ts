import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_USER_IDS } from '@wijkteam/auth';
import request from 'supertest';
import { DemoDataSeeder } from '../src/demo-data';
import { bootPlatform } from './support/service-apps';

/**
 * The README's example calls, run as written: every ```sh block after a `<!-- readme-example` marker
 * is executed by bash with the real curl, in order, in one shell, against the platform booted here.
 * Each call must answer the status the README documents after its `#`. A README that drifts from
 * the API fails this test.
 */
const README = fs.readFileSync(path.join(__dirname, '../../../README.md'), 'utf8');

const MARKED_BLOCK = /<!-- readme-example[^>]*-->\n```sh\n([\s\S]*?)```/g;
const SH_BLOCK = /```sh\n([\s\S]*?)```/g;
/** `# 201: …` at the end of the line that completes a call. */
const DOCUMENTED_STATUS = /\s#\s(\d{3})\b/;

const exampleBlocks = (): string[] => [...README.matchAll(MARKED_BLOCK)].map((match) => match[1]);
const documentedStatuses = (blocks: string[]): number[] =>
  blocks.flatMap((block) => block.split('\n').flatMap((line) => (DOCUMENTED_STATUS.exec(line) ? [Number(DOCUMENTED_STATUS.exec(line)?.[1])] : [])));

/** curl, as the README calls it, but aimed at this test's port and reporting each status on stderr. */
const CURL_SHIM = `curl() { command curl -w '%{stderr}readme-status %{http_code}\\n' "\${@//localhost:3000/127.0.0.1:$PORT}"; }`;

describe('README example calls', () => {
  let app: INestApplication;
  let port: number;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-readme-'));
  const logged: unknown[][] = [];

  beforeAll(async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
    app = await bootPlatform(dataDir, { DEMO_DATA: 'true' }, { listen: true });
    port = (app.getHttpServer().address() as AddressInfo).port;
    await app.get(DemoDataSeeder).done;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('marks every shell block that calls the platform as an example to run', () => {
    const calling = [...README.matchAll(SH_BLOCK)].filter((match) => match[1].includes('localhost:3000'));
    expect(calling.length).toBeGreaterThan(0);
    expect(exampleBlocks()).toHaveLength(calling.length);
  });

  it('answers every example call with the status the README documents', async () => {
    const blocks = exampleBlocks();
    const expected = documentedStatuses(blocks);
    expect(expected.length).toBeGreaterThanOrEqual(5);
    // Async on purpose: the server answers from this very process.
    const { stderr } = await promisify(execFile)('bash', ['-c', [CURL_SHIM, ...blocks].join('\n')], {
      env: { ...process.env, PORT: String(port) },
      timeout: 60_000,
    });
    const answered = [...stderr.matchAll(/readme-status (\d{3})/g)].map((match) => Number(match[1]));
    expect(answered).toEqual(expected);
  }, 90_000);

  it('lists every demo user', () => {
    const paragraph = /^Demo users[\s\S]*?\n\n/m.exec(README)?.[0] ?? '';
    const listed = [...paragraph.matchAll(/`([a-z]+(?:-[a-z]+)*-\d+)`/g)].map((match) => match[1]);
    expect([...listed].sort()).toEqual([...DEMO_USER_IDS].sort());
  });

  it('logs the demo families\' ids, as the README says, and they open the files', async () => {
    const families = logged.filter(([, message]) => message === 'demo family created').map(([fields]) => fields as Record<string, string>);
    expect(families.map((family) => family.family)).toEqual(['jgz-accepted', 'veilig-thuis-urgent', 'self-referral-declined', 'network-waitlisted', 'gi-dwang-drang', 'school-on-agenda', 'turning-18-warm-handover', 'network-in-doubt']);
    const token = (await request(app.getHttpServer()).post('/auth/dev/token').send({ userId: 'coordinator-1' }).expect(200)).body.access_token as string;
    for (const { referralId, caseFileId } of families) {
      await request(app.getHttpServer()).get(`/referrals/${referralId}`).set('Authorization', `Bearer ${token}`).expect(200);
      if (caseFileId) await request(app.getHttpServer()).get(`/case-files/${caseFileId}`).set('Authorization', `Bearer ${token}`).expect(200);
    }
    expect(families.filter((family) => family.caseFileId)).toHaveLength(4);
  });
});
