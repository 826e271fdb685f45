import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import type { EventStore } from '@wijkteam/event-store';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH, RAW_EVENT_STORE, routePattern } from '@wijkteam/runtime';
import request from 'supertest';
import { referralBody } from './support/referrals';
import { bootPlatform, devAuthorization } from './support/service-apps';

/**
 * Issue 17, the HTTP edge: a body the platform will not read is a clear 4xx (413, 415, 400) naming
 * the rule, never a 500, never quoting what was sent, and nothing is appended.
 */
describe('the HTTP edge under malformed bodies (issue 17)', () => {
  let app: INestApplication;
  let store: EventStore;
  let authorization: { Authorization: string };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-edge-e2e-'));
  const post = () => request(app.getHttpServer()).post('/referrals').set(authorization);
  const rawPost = (route: string, headers: Record<string, string>, body: Buffer) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const { port } = (app.getHttpServer() as http.Server).address() as AddressInfo;
      const sent = http.request({ host: '127.0.0.1', port, path: route, method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) } }, (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      sent.on('error', reject).end(body);
    });

  beforeAll(async () => {
    app = await bootPlatform(dataDir, {}, { listen: true });
    store = app.get<EventStore>(RAW_EVENT_STORE);
    authorization = await devAuthorization(app)('front-office-1');
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const cases: [string, (r: request.Test) => request.Test, number, string][] = [
    ['text that is not JSON', (r) => r.set('Content-Type', 'application/json').send('Fuzz Persoon, 12-03-2014'), 400, 'malformed_json'],
    ['a body over the size limit', (r) => r.set('Content-Type', 'application/json').send(JSON.stringify({ helpQuestion: 'x'.repeat(MAX_BODY_BYTES) })), 413, 'payload_too_large'],
    ['a charset other than UTF-8', (r) => r.set('Content-Type', 'application/json; charset=latin9').send('{}'), 415, 'unsupported_charset'],
    ['an unknown Content-Encoding', (r) => r.set('Content-Type', 'application/json').set('Content-Encoding', 'br2').send('{}'), 415, 'unsupported_content_encoding'],
    ['Content-Encoding gzip on a plain body', (r) => r.set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{"channel":"phone"}'), 400, 'unreadable_body'],
    ['JSON nested 2,400 levels deep in 5 KB', (r) => r.set('Content-Type', 'application/json').send(`${'['.repeat(2400)}${']'.repeat(2400)}`), 400, 'json_too_deep'],
    ['an object nested one level too deep', (r) => r.set('Content-Type', 'application/json').send(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`), 400, 'json_too_deep'],
  ];

  it.each(cases)('answers %s with a clear 4xx, quoting nothing, appending nothing', async (_name, send, status, code) => {
    const before = await store.headPosition();
    const response = await send(post()).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
    expect(JSON.stringify(response.body)).not.toMatch(/Fuzz|Persoon|xxxx|\[\[|phone/);
    expect(await store.headPosition()).toBe(before);
  });

  it('reads a gzip-compressed JSON body, and strings with brackets and escaped quotes do not count as nesting', async () => {
    const body = referralBody({ helpQuestion: `Ouders zeggen: "${'[{'.repeat(40)}" \\" ${'}]'.repeat(40)}` });
    // Sent as bytes on the wire (supertest would serialise a Buffer as JSON).
    const { status, text } = await rawPost('/referrals', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', ...authorization }, gzipSync(JSON.stringify(body)));
    expect(status).toBe(201);
    expect(JSON.parse(text).referralId).toEqual(expect.any(String));
  });

  it('answers an unknown route without echoing its path', async () => {
    const response = await request(app.getHttpServer()).get('/clients/Jan%20Jansen/dossier').set(authorization).expect(404);
    expect(response.body).toEqual({ statusCode: 404, error: 'Not Found', code: 'not_found', message: 'no such route' });
  });

  it('logs a request by its route pattern, never by the path as sent', () => {
    expect(routePattern({ route: { path: '/clients/:clientId/access-log' }, baseUrl: '' } as never)).toBe('/clients/:clientId/access-log');
    expect(routePattern({ route: { path: '/{*path}' } } as never)).toBe('unmatched');
    expect(routePattern({} as never)).toBe('unmatched');
  });
});
