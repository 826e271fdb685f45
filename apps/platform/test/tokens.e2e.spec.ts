import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DevelopmentIssuer } from '@wijkteam/auth';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import request from 'supertest';
import { bootPlatform } from './support/service-apps';

/**
 * Issue 17, the tokens: over the platform's HTTP edge, a token dated in the future or valid too long
 * is a 401 with a code saying why, never quoting the token; an identity provider whose key server
 * cannot be reached or fails is a 503 with Retry-After, not a 401.
 */
const coachClaims = { roles: ['coach'], org: 'wijkteam-noord', team: 'jeugdteam' };
const ROUTE = '/case-conferences/next';

describe('tokens at the platform edge, development issuer (issue 17)', () => {
  let app: INestApplication;
  let issuer: DevelopmentIssuer;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokens-e2e-'));

  beforeAll(async () => {
    app = await bootPlatform(dataDir);
    issuer = app.get(DevelopmentIssuer);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['issued in an hour', { issuedAt: new Date(Date.now() + 3_600_000) }, 'token_issued_in_the_future'],
    ['valid for two working days', { expiresInSeconds: 20 * 3600 }, 'token_lifetime_too_long'],
  ])('refuses a token %s with 401 and its code, quoting nothing of it', async (_what, options, code) => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1', options);
    const response = await request(app.getHttpServer()).get(ROUTE).set('Authorization', `Bearer ${token}`).expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code, message: code.replace(/_/g, ' ') });
    const visible = JSON.stringify(response.body) + JSON.stringify(response.headers);
    for (const part of token.split('.')) expect(visible).not.toContain(part);
    expect(visible).not.toContain('coach-noord-1');
  });

  it('serves the same user with a token of an ordinary hour', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1');
    await request(app.getHttpServer()).get(ROUTE).set('Authorization', `Bearer ${token}`).expect(200);
  });
});

/** The identity provider's jwks_uri on a fixed local port: closed, failing, or serving the keys. */
class KeyServer {
  private server?: Server;
  private answer: 'fail' | { keys: object[] } = 'fail';
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/protocol/openid-connect/certs`;
  }

  async open(answer: 'fail' | { keys: object[] }): Promise<void> {
    this.answer = answer;
    if (this.server) return;
    const server = createServer((_request, response) => {
      if (this.answer === 'fail') response.writeHead(500).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.answer));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('tokens at the platform edge, oidc mode with the identity provider down (issue 17)', () => {
  const ISSUER = 'https://login.gemeente.example/realms/wijkteam';
  let app: INestApplication;
  let keyServer: KeyServer;
  let privateKey: KeyLike;
  let jwks: { keys: object[] };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokens-oidc-e2e-'));

  const signed = (key: KeyLike, kid = 'realm-key-1') => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(coachClaims).setProtectedHeader({ alg: 'RS256', kid }).setSubject('0d6f2c4e-opaque').setIssuer(ISSUER).setAudience('wijkteam').setIssuedAt(now).setExpirationTime(now + 300).sign(key);
  };
  const call = async (token: string) => request(app.getHttpServer()).get(ROUTE).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'realm-key-1', alg: 'RS256', use: 'sig' }] };
    keyServer = new KeyServer(await freePort());
    app = await bootPlatform(dataDir, { AUTH_MODE: 'oidc', OIDC_ISSUER: ISSUER, OIDC_JWKS_URL: keyServer.url });
  });
  afterAll(async () => {
    await app?.close();
    await keyServer?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // One provider, in order: its port closed, then its key server failing, then serving the keys
  // (once fetched, the keys are cached, so the outages come first).
  it('answers 503 with Retry-After while nothing listens on the key server port', async () => {
    const response = await call(await signed(privateKey));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toEqual({ statusCode: 503, error: 'Service Unavailable', code: 'identity_provider_unavailable', message: 'identity provider unavailable' });
  });

  it('answers 503 with Retry-After while the key server answers 500', async () => {
    await keyServer.open('fail');
    const response = await call(await signed(privateKey));
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body.code).toBe('identity_provider_unavailable');
  });

  it('once the keys are served: accepts a token they verify, and refuses a bad signature with 401, not 503', async () => {
    await keyServer.open(jwks);
    expect((await call(await signed(privateKey))).status).toBe(200);
    const impostor = await generateKeyPair('RS256');
    const forged = await call(await signed(impostor.privateKey));
    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: 'invalid token' });
  });
});
