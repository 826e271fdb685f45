import type { INestApplication } from '@nestjs/common';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import request from 'supertest';
import { DevelopmentIssuer, type AuthOptions } from '../src';
import { startFailingJwksServer, startJwksServer, unusedPort, type JwksServer } from './jwks-server';
import { createTestApp } from './test-app';

const ISSUER = 'https://login.gemeente.example/realms/wijkteam';
const AUDIENCE = 'wijkteam-api';
const coachClaims = { roles: ['coach'], org: 'wijkteam-zuid', team: 'jeugdteam' };

interface SigningKey {
  privateKey: KeyLike;
  kid: string;
  alg: string;
}

async function signingKey(alg: 'RS256' | 'ES256', kid: string): Promise<SigningKey & { publicKey: KeyLike }> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { privateKey, publicKey, kid, alg };
}

async function sign(
  key: SigningKey,
  claims: JWTPayload = coachClaims,
  {
    issuer = ISSUER,
    audience = AUDIENCE,
    expiresAt = Math.floor(Date.now() / 1000) + 300,
    issuedAt = Math.floor(Date.now() / 1000),
    alg = key.alg,
  }: { issuer?: string; audience?: string; expiresAt?: number | null; issuedAt?: number | null; alg?: string } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg, kid: key.kid })
    .setSubject('9f1c7e1a-opaque')
    .setIssuer(issuer)
    .setAudience(audience);
  if (issuedAt !== null) jwt.setIssuedAt(issuedAt);
  if (expiresAt !== null) jwt.setExpirationTime(expiresAt);
  return jwt.sign(key.privateKey);
}

describe('oidc mode', () => {
  let jwks: JwksServer;
  let app: INestApplication;
  let rsa: SigningKey;
  let ec: SigningKey;

  beforeAll(async () => {
    const rsaKey = await signingKey('RS256', 'rsa-1');
    const ecKey = await signingKey('ES256', 'ec-1');
    rsa = rsaKey;
    ec = ecKey;
    jwks = await startJwksServer({
      keys: [
        { ...(await exportJWK(rsaKey.publicKey)), kid: 'rsa-1', use: 'sig' },
        { ...(await exportJWK(ecKey.publicKey)), kid: 'ec-1', use: 'sig' },
      ],
    });
    const options: AuthOptions = { mode: 'oidc', issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwks.url };
    app = await createTestApp(options);
  });
  afterAll(async () => {
    await app.close();
    await jwks.close();
  });

  const coachRoute = (token: string) =>
    request(app.getHttpServer()).get('/cases/coach').set('Authorization', `Bearer ${token}`);

  it('accepts a token signed by a key from the remote JWKS and yields its claims', async () => {
    const response = await coachRoute(await sign(rsa)).expect(200);
    expect(response.body).toEqual({
      userId: '9f1c7e1a-opaque',
      roles: ['coach'],
      organisation: 'wijkteam-zuid',
      team: 'jeugdteam',
    });
    expect(jwks.requests()).toBeGreaterThanOrEqual(1);
  });

  it.each([['ES256'], ['PS256']])('accepts %s as well', async (alg) => {
    const key = alg === 'ES256' ? ec : rsa;
    await coachRoute(await sign(key, coachClaims, { alg })).expect(200);
  });

  it('refuses a token signed by a key the JWKS does not hold', async () => {
    const stranger = await signingKey('RS256', 'rsa-elsewhere');
    const response = await coachRoute(await sign(stranger)).expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: 'invalid token' });
  });

  it("refuses a token signed by another key that claims the provider's key id", async () => {
    const impostor = await signingKey('RS256', 'rsa-1');
    const response = await coachRoute(await sign(impostor)).expect(401);
    expect(response.body.message).toBe('invalid token');
  });

  const now = Math.floor(Date.now() / 1000);
  it.each([
    ['issuer', { issuer: 'https://login.elders.example' }, 'invalid token issuer'],
    ['audience', { audience: 'account' }, 'invalid token audience'],
    ['expiry', { expiresAt: now - 3600 }, 'token expired'],
    ['missing expiry', { expiresAt: null }, 'token without expiry'],
    ['missing expiry and iat', { expiresAt: null, issuedAt: null }, 'token without expiry'],
    ['iat in the future', { issuedAt: now + 3600, expiresAt: now + 7200 }, 'token issued in the future'],
    ['lifetime of a year', { expiresAt: now + 365 * 24 * 3600 }, 'token lifetime too long'],
    ['lifetime of a year without iat', { issuedAt: null, expiresAt: now + 365 * 24 * 3600 }, 'token lifetime too long'],
  ])('refuses a wrong %s', async (_what, options, message) => {
    const response = await coachRoute(await sign(rsa, coachClaims, options)).expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, code: message.replace(/ /g, '_'), message });
  });

  it('accepts a token without iat whose expiry is near', async () => {
    await coachRoute(await sign(rsa, coachClaims, { issuedAt: null })).expect(200);
  });

  it('refuses a token that is not valid yet', async () => {
    const notBefore = { ...coachClaims, nbf: Math.floor(Date.now() / 1000) + 3600 };
    const response = await coachRoute(await sign(rsa, notBefore)).expect(401);
    expect(response.body.message).toBe('token not yet valid');
  });

  it.each([
    ['team', { roles: ['coach'], org: 'wijkteam-zuid' }],
    ['an unknown team', { roles: ['coach'], org: 'wijkteam-zuid', team: 'bestuur' }],
    ['org', { roles: ['coach'], team: 'jeugdteam' }],
    ['roles', { org: 'wijkteam-zuid', team: 'jeugdteam' }],
    ['roles as a list', { roles: 'coach', org: 'wijkteam-zuid', team: 'jeugdteam' }],
  ])('refuses a token without %s', async (_what, claims) => {
    const response = await coachRoute(await sign(rsa, claims)).expect(401);
    expect(response.body.message).toBe('invalid token claims');
  });

  it("ignores the identity provider's own roles, and grants nothing on them", async () => {
    const mixed = { roles: ['offline_access', 'coach'], org: 'wijkteam-zuid', team: 'jeugdteam' };
    const response = await coachRoute(await sign(rsa, mixed)).expect(200);
    expect(response.body.roles).toEqual(['coach']);
    const foreignOnly = { roles: ['offline_access', 'admin'], org: 'wijkteam-zuid', team: 'jeugdteam' };
    await coachRoute(await sign(rsa, foreignOnly)).expect(403);
  });

  it('has no development issuer: its routes are 404 and its service does not exist', async () => {
    await request(app.getHttpServer()).get('/auth/dev/users').expect(404);
    await request(app.getHttpServer()).get('/auth/dev/jwks.json').expect(404);
    await request(app.getHttpServer()).post('/auth/dev/token').send({ userId: 'coach-noord-1' }).expect(404);
    expect(() => app.get(DevelopmentIssuer)).toThrow();
  });

  it('still serves @Public routes and refuses undecorated ones', async () => {
    await request(app.getHttpServer()).get('/cases/public').expect(200);
    await request(app.getHttpServer()).get('/cases/undecorated').set('Authorization', `Bearer ${await sign(rsa)}`).expect(403);
  });
});

describe.each([
  ['unreachable (nothing listens on its port)', async () => ({ url: `http://127.0.0.1:${await unusedPort()}/jwks.json`, close: async () => {} })],
  ['failing (its key server answers 500)', () => startFailingJwksServer(500)],
])('oidc mode with the identity provider %s', (_what, provider) => {
  let app: INestApplication;
  let jwksServer: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    jwksServer = await provider();
    app = await createTestApp({ mode: 'oidc', issuer: ISSUER, audience: AUDIENCE, jwksUrl: jwksServer.url });
  });
  afterAll(async () => {
    await app.close();
    await jwksServer.close();
  });

  it("answers 503 with Retry-After, not 401: the caller's token was never judged", async () => {
    const key = await signingKey('RS256', 'rsa-1');
    const token = await sign(key);
    const response = await request(app.getHttpServer())
      .get('/cases/coach')
      .set('Authorization', `Bearer ${token}`)
      .expect(503);
    expect(response.body).toEqual({ statusCode: 503, error: 'Service Unavailable', code: 'identity_provider_unavailable', message: 'identity provider unavailable' });
    expect(response.headers['retry-after']).toBe('5');
    expect(JSON.stringify(response.body) + JSON.stringify(response.headers)).not.toContain(token.split('.')[1]);
  });

  it('still refuses a request without a token with 401', async () => {
    await request(app.getHttpServer()).get('/cases/coach').expect(401);
  });
});
