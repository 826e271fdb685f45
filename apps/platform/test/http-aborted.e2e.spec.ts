import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * Issue 17, a client that disconnects: the platform as `npm start` runs it, its real request log. A
 * client gone mid-request, or cut by the request timeout, is one line at info naming its code,
 * never a 500 or an error with a stack.
 */
const root = path.join(__dirname, '../../..');
const main = path.join(root, 'apps/platform/src/main.ts');
const register = path.join(root, 'tools/ts-register.js');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  let child: ChildProcess;
  let output = '';
  let port: number;
  const lines = (): LogLine[] => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
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
    child = spawn(process.execPath, ['-r', register, main], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        AUTH_MODE: 'development',
        DEMO_DATA: 'false',
        LOG_LEVEL: 'info',
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '1500',
        EVENT_STORE_URL: `sqlite:${path.join(dataDir, 'events.db')}`,
        SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dataDir, 'keys.db')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let ready = false;
    for (let attempt = 0; attempt < 240 && !ready; attempt += 1) {
      ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status === 200, () => false);
      if (!ready) await sleep(250);
    }
    expect(ready).toBe(true);
    const issued = await fetch(`http://127.0.0.1:${port}/auth/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'front-office-1' }) });
    token = ((await issued.json()) as { access_token: string }).access_token;
  }, 90_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
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
    expect(output).not.toMatch(/\n\s+at /);
  });
});
