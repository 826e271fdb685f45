import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPersonalData } from '@wijkteam/testing';
import { freePort, sleep, startPlatformProcess } from './support/platform-process';
import { referralBody } from './support/referrals';

/**
 * The embedded default as `npm start` runs it: a real process, its real logs. Scans everything the
 * process printed for the clients' names, birth dates and BSN-shaped numbers.
 */
describe('platform process (npm start)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-process-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['EVENT_STORE_URL', 'nonsense', 'nonsense'],
    ['SUBJECT_KEY_STORE_URL', 'postgres://keys:s3cret@[db/keys', 's3cret'],
  ])('stops with one line naming a wrong %s', async (variable, value, secret) => {
    const run = startPlatformProcess({ [variable]: value, AUTH_MODE: 'development' });
    expect(await run.exited).toBe(78);
    expect(run.output().trim()).toMatch(new RegExp(`^Configuration error: ${variable} .+$`));
    expect(run.output()).not.toContain(secret);
  });

  it('refuses to start the development issuer in production, in one line naming both variables', async () => {
    const run = startPlatformProcess({ NODE_ENV: 'production', AUTH_MODE: 'development', SUBJECT_KEY_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(await run.exited).toBe(78);
    expect(run.output().trim()).toBe('Configuration error: AUTH_MODE must not be development when NODE_ENV=production (the development issuer hands out tokens to anyone)');
  });

  it('gets ready, serves demo data and a new referral, and logs no personal data', async () => {
    let referralIdSeen = 'none';
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const run = startPlatformProcess({
      PORT: String(port),
      AUTH_MODE: 'development',
      LOG_LEVEL: 'debug',
      EVENT_STORE_URL: `sqlite:${path.join(dataDir, 'events.db')}`,
      SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dataDir, 'keys.db')}`,
    });
    try {
      expect(await run.ready(port)).toBe(true);
      // Demo families are created in the background once the process is up.
      for (let attempt = 0; attempt < 200 && !run.output().includes('demo data created'); attempt += 1) {
        await sleep(50);
      }

      const { access_token: token } = (await (await fetch(`${base}/auth/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'front-office-1' }),
      })).json()) as { access_token: string };
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      const client = { name: 'Fenna Kuiper', birthDate: '2013-07-09' };
      const created = await fetch(`${base}/referrals`, { method: 'POST', headers, body: JSON.stringify(referralBody({}, client)) });
      expect(created.status).toBe(201);
      const { referralId } = (await created.json()) as { referralId: string };
      referralIdSeen = referralId;
      expect((await fetch(`${base}/referrals/${referralId}`, { headers })).status).toBe(200);
      // Bad input carrying personal data: refused without echoing it, in the answer or the log.
      const bad = await fetch(`${base}/referrals`, { method: 'POST', headers, body: JSON.stringify(referralBody({}, { ...client, birthDate: '09-07-2013', bsn: '123456782' })) });
      expect(bad.status).toBe(422);
      expect(findPersonalData(await bad.text(), [client.name, '09-07-2013'])).toEqual([]);
    } finally {
      await run.stop();
    }
    const log = run.output();
    expect(log).toContain('demo data created');
    expect(log).toContain('request completed');
    // Each request by the pattern of the route that served it, never the path as sent.
    const routes = log.split('\n').filter((line) => line.includes('"request completed"')).map((line) => JSON.parse(line) as { req: { method: string }; route: string }).map(({ req, route }) => `${req.method} ${route}`);
    expect(routes).toEqual(expect.arrayContaining(['POST /auth/dev/token', 'POST /referrals', 'GET /referrals/:referralId']));
    expect(log).not.toContain(referralIdSeen);
    const demoClients = ['Sanne de Vries', 'Daan Bakker', 'Noah Jansen', 'Lotte Visser', 'Milan de Boer', '2014-05-12', '2019-09-30', '2007-01-18'];
    expect(findPersonalData(log, ['Fenna Kuiper', '2013-07-09', '09-07-2013', ...demoClients])).toEqual([]);
  }, 90_000);
});
