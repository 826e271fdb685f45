import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@wijkteam/event-store';
import { RAW_EVENT_STORE } from '@wijkteam/runtime';
import { eventually } from '@wijkteam/testing';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

interface Answer {
  status: number;
  retryAfter?: string;
  body: string;
}

/** One request on its own connection (no pooling), so that concurrent requests really are concurrent. */
function send(port: number, method: string, route: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = http.request({ host: '127.0.0.1', port, path: route, method, agent: false, headers: { ...headers, ...(body !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}) } }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'], body: text }));
    });
    sent.on('error', reject).end(body);
  });
}

/** A client that opens a request and stalls: resolves with what the server sent before it closed the connection. */
function stall(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject).on('close', () => resolve(received));
  });
}

const listeningPort = (app: INestApplication) => ((app.getHttpServer() as http.Server).address() as net.AddressInfo).port;

async function referralsIn(store: EventStore): Promise<number> {
  let count = 0;
  for await (const event of store.readAll({ filter: { eventTypes: ['ReferralReceived'] } })) if (event) count += 1;
  return count;
}

/**
 * Issue 17, slow clients: a client that sends its headers and never finishes its body holds no
 * in-flight slot, so 300 of them (more than MAX_IN_FLIGHT_REQUESTS' 256) do not lock everyone else
 * out; the server cuts them after HTTP_REQUEST_TIMEOUT_MS, and those that never finish their
 * headers after HTTP_HEADERS_TIMEOUT_MS.
 */
describe('slow clients (issue 17)', () => {
  let app: INestApplication;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-slow-e2e-'));

  beforeAll(async () => {
    app = await bootPlatform(dataDir, { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '2000' }, { listen: true });
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves normal requests while 300 bodies and 20 heads stall, and closes the stalled ones with 408', async () => {
    const port = listeningPort(app);
    const authorization = await devAuthorization(app)('front-office-1');
    const stalledBodies = Array.from({ length: 300 }, () =>
      stall(port, `POST /referrals HTTP/1.1\r\nHost: wijkteam\r\nAuthorization: ${authorization.Authorization}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"channel":"ph`),
    );
    const stalledHeads = Array.from({ length: 20 }, () => stall(port, 'GET /referrals HTTP/1.1\r\nHost: wijkteam\r\nX-Slow: '));

    const served = await Promise.all(Array.from({ length: 20 }, () => send(port, 'POST', '/referrals', authorization, JSON.stringify(referralBody()))));
    expect(served.map((answer) => answer.status)).toEqual(Array(20).fill(201));
    expect((await send(port, 'GET', '/health/live', {})).status).toBe(200);

    for (const received of await Promise.all([...stalledBodies, ...stalledHeads])) expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  }, 30_000);
});

/**
 * Issue 18, shed instead of queue: past the in-flight cap or the event-loop budget a request is
 * refused at once with 503 and Retry-After, before its body is parsed; nothing of a refused command
 * is appended; health probes are still answered.
 */
describe('overload (issue 18)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-overload-e2e-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('refuses past MAX_IN_FLIGHT_REQUESTS with 503 and Retry-After, and appends exactly the commands it accepted', async () => {
    const app = await bootPlatform(path.join(dataDir, 'cap'), { MAX_IN_FLIGHT_REQUESTS: '2' }, { listen: true });
    try {
      const port = listeningPort(app);
      const authorization = await devAuthorization(app)('front-office-1');
      const store = app.get<EventStore>(RAW_EVENT_STORE);
      const before = await referralsIn(store);

      // Two referrals are held at their append, so both in-flight slots stay taken while more arrive.
      const append = store.appendToStream.bind(store);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let held = 0;
      store.appendToStream = async (stream, events, options) => {
        if (events.some((event) => event.type === 'ReferralReceived')) {
          held += 1;
          await gate;
        }
        return append(stream, events, options);
      };

      const admitted = [0, 1].map(() => send(port, 'POST', '/referrals', authorization, JSON.stringify(referralBody())));
      await eventually(async () => expect(held).toBe(2));
      const refused = await Promise.all(Array.from({ length: 20 }, () => send(port, 'POST', '/referrals', authorization, JSON.stringify(referralBody()))));
      release();

      expect((await Promise.all(admitted)).map((answer) => answer.status)).toEqual([201, 201]);
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toBe('1');
        expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 503, code: 'overloaded' });
      }
      expect(held).toBe(2);
      expect(await referralsIn(store)).toBe(before + 2);
      // Slots are given back: once the held ones are answered, the next one is served.
      expect((await send(port, 'POST', '/referrals', authorization, JSON.stringify(referralBody()))).status).toBe(201);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('refuses while the event loop runs later than MAX_EVENT_LOOP_DELAY_MS, before reading the body, and answers health probes', async () => {
    const app = await bootPlatform(path.join(dataDir, 'lag'), { MAX_EVENT_LOOP_DELAY_MS: '100' }, { listen: true });
    const busy = (ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until);
    };
    let stalls: NodeJS.Timeout | undefined;
    try {
      const port = listeningPort(app);
      const authorization = await devAuthorization(app)('front-office-1');
      const store = app.get<EventStore>(RAW_EVENT_STORE);
      const before = await store.headPosition();

      // Every turn of the event loop now takes 150 ms, over this test's budget of 100 ms.
      stalls = setInterval(() => busy(150), 1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [command, malformed, probe] = await Promise.all([
        send(port, 'POST', '/referrals', authorization, JSON.stringify(referralBody())),
        send(port, 'POST', '/referrals', authorization, '{"channel": '),
        send(port, 'GET', '/health/live', {}),
      ]);
      clearInterval(stalls);

      for (const answer of [command, malformed]) {
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toBe('1');
        expect(JSON.parse(answer.body)).toMatchObject({ code: 'overloaded' });
      }
      expect(probe.status).toBe(200);
      expect(await store.headPosition()).toBe(before);
      // Caught up (once the loop runs on time again), the same command is taken.
      let after: Answer | undefined;
      for (let attempt = 0; attempt < 100 && after?.status !== 201; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await send(port, 'POST', '/referrals', authorization, JSON.stringify(referralBody()));
      }
      expect(after?.status).toBe(201);
    } finally {
      clearInterval(stalls);
      await app.close();
    }
  }, 60_000);
});
