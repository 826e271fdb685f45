import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort, type PlatformProcess, sleep, startPlatformProcess } from './support/platform-process';

/**
 * Issue 17, a client that disconnects: the platform as `npm start` runs it, its real request log. A
 * client gone mid-request, or cut by the request timeout, is one line at info naming its code,
 * never a 500 or an error with a stack.
 */
interface LogLine {
  level: number;
  msg: string;
  code?: string;
  req?: { id?: string };
  res?: { statusCode?: number };
  context?: string;
}

describe('a client that disconnects (issue 17)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-aborted-'));
  let platform: PlatformProcess;
  let port: number;
  const lines = (): LogLine[] => platform.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
  const lineOf = async (correlationId: string): Promise<LogLine | undefined> => {
    for (let attempt = 0; attempt < 200 && !lines().some((line) => line.req?.id === correlationId); attempt += 1) await sleep(50);
    return lines().find((line) => line.req?.id === correlationId);
  };
  /** A fresh connection that has sent `text`. */
  const open = (text: string) =>
    new Promise<net.Socket>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write(text, () => resolve(socket)));
      socket.on('error', () => undefined);
    });
  let token: string;

  beforeAll(async () => {
    port = await freePort();
    platform = startPlatformProcess({
      PORT: String(port),
      AUTH_MODE: 'development',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '1500',
      EVENT_STORE_URL: `sqlite:${path.join(dataDir, 'events.db')}`,
      SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dataDir, 'keys.db')}`,
    });
    expect(await platform.ready(port)).toBe(true);
    const issued = await fetch(`http://127.0.0.1:${port}/auth/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'front-office-1' }) });
    token = ((await issued.json()) as { access_token: string }).access_token;
  }, 90_000);
  afterAll(async () => {
    await platform?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const postHead = (correlationId: string) =>
    `POST /referrals HTTP/1.1\r\nHost: wijkteam\r\nAuthorization: Bearer ${token}\r\nX-Correlation-Id: ${correlationId}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"channel":"ph`;

  it('logs a client that goes away in the middle of its body as request_aborted, at info', async () => {
    const correlationId = randomUUID();
    (await open(postHead(correlationId))).destroy();
    expect(await lineOf(correlationId)).toMatchObject({ level: 30, msg: 'request aborted', code: 'request_aborted' });
  }, 20_000);

  it('logs a client that goes away while its request is being worked on as request_aborted, not as its status', async () => {
    const correlationId = randomUUID();
    (await open(`GET /referrals/${randomUUID()} HTTP/1.1\r\nHost: wijkteam\r\nAuthorization: Bearer ${token}\r\nX-Correlation-Id: ${correlationId}\r\n\r\n`)).destroy();
    const line = await lineOf(correlationId);
    expect(line).toMatchObject({ level: 30, msg: 'request aborted', code: 'request_aborted' });
    expect(line).not.toHaveProperty('res');
    expect(line).not.toHaveProperty('context'); // the request log's own line: the request had reached Nest
  }, 20_000);

  it('answers a client too slow with its body 408, closes it, and logs request_timeout, at info', async () => {
    const correlationId = randomUUID();
    const socket = await open(postHead(correlationId));
    let received = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(await lineOf(correlationId)).toMatchObject({ level: 30, msg: 'request aborted', code: 'request_timeout' });
  }, 20_000);

  it('logged none of them as a failure', () => {
    expect(lines().filter((line) => line.level >= 50 || line.res?.statusCode === 500 || line.msg === 'request failed')).toEqual([]);
    expect(platform.output()).not.toMatch(/\n\s+at /);
  });
});
