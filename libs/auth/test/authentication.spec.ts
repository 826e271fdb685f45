import type { INestApplication } from '@nestjs/common';
import { SignJWT, UnsecuredJWT, exportJWK, generateKeyPair, generateSecret } from 'jose';
import request from 'supertest';
import { DevelopmentIssuer } from '../src';
import { DEV_OPTIONS, RecordingLogger, createTestApp } from './test-app';

const coachClaims = { roles: ['coach'], org: 'wijkteam-noord', team: 'jeugdteam' };

describe('authentication (development mode)', () => {
  let app: INestApplication;
  let issuer: DevelopmentIssuer;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    app = await createTestApp(DEV_OPTIONS, logger);
    issuer = app.get(DevelopmentIssuer);
  });
  afterAll(() => app.close());

  const getCoachRoute = (authorization?: string) => {
    const call = request(app.getHttpServer()).get('/cases/coach');
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  /** Same claims, issuer and audience as a real development token, but signed with another key. */
  async function forgedToken(kid?: string): Promise<string> {
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(coachClaims)
      .setProtectedHeader({ alg: 'ES256', ...(kid ? { kid } : {}) })
      .setSubject('coach-noord-1')
      .setIssuer(DEV_OPTIONS.issuer)
      .setAudience(DEV_OPTIONS.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
  }

  it('refuses a request without a token with 401 and a clear JSON body', async () => {
    const response = await getCoachRoute().expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'missing_bearer_token', message: 'missing bearer token' });
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('authenticates before it authorises: an undecorated route without a token is a 401', async () => {
    const response = await request(app.getHttpServer()).get('/cases/undecorated').expect(401);
    expect(response.body.message).toBe('missing bearer token');
  });

  it.each([['Basic Y29hY2g6Z2VoZWlt'], ['Bearer'], ['Bearer '], ['token-without-scheme']])(
    'treats Authorization %j as a missing bearer token',
    async (header) => {
      const response = await getCoachRoute(header).expect(401);
      expect(response.body.message).toBe('missing bearer token');
    },
  );

  it.each([['not-a-jwt'], ['a.b.c'], ['eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl']])(
    'refuses the malformed token %j as invalid',
    async (token) => {
      const response = await getCoachRoute(`Bearer ${token}`).expect(401);
      expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: 'invalid token' });
      expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token", error_description="invalid token"');
    },
  );

  it('refuses a token signed by another key', async () => {
    const response = await getCoachRoute(`Bearer ${await forgedToken()}`).expect(401);
    expect(response.body.message).toBe('invalid token');
  });

  it("refuses a token signed by another key even when it names the issuer's key id", async () => {
    const kid = issuer.jwks().keys[0].kid;
    expect(kid).toEqual(expect.any(String));
    const response = await getCoachRoute(`Bearer ${await forgedToken(kid)}`).expect(401);
    expect(response.body.message).toBe('invalid token');
  });

  it('refuses an unsigned (alg none) token', async () => {
    const token = new UnsecuredJWT(coachClaims)
      .setSubject('coach-noord-1')
      .setIssuer(DEV_OPTIONS.issuer)
      .setAudience(DEV_OPTIONS.audience)
      .setExpirationTime('10m')
      .encode();
    await getCoachRoute(`Bearer ${token}`).expect(401);
  });

  it('refuses an HS256 token keyed with the public JWK (algorithm confusion)', async () => {
    const publicJwk = JSON.stringify(issuer.jwks().keys[0]);
    const token = await new SignJWT(coachClaims)
      .setProtectedHeader({ alg: 'HS256', kid: issuer.jwks().keys[0].kid })
      .setSubject('coach-noord-1')
      .setIssuer(DEV_OPTIONS.issuer)
      .setAudience(DEV_OPTIONS.audience)
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(publicJwk));
    const response = await getCoachRoute(`Bearer ${token}`).expect(401);
    expect(response.body.message).toBe('invalid token');
    // And a random secret is no better.
    const other = await new SignJWT(coachClaims).setProtectedHeader({ alg: 'HS256' }).sign(await generateSecret('HS256'));
    await getCoachRoute(`Bearer ${other}`).expect(401);
  });

  it('refuses an expired token, saying so', async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const token = await issuer.issueDevelopmentToken('coach-noord-1', { issuedAt: twoHoursAgo });
    const response = await getCoachRoute(`Bearer ${token}`).expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'token_expired', message: 'token expired' });
  });

  it('refuses a token issued in the future, beyond the clock skew, saying so', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000);
    const token = await issuer.issueDevelopmentToken('coach-noord-1', { issuedAt: inTwoMinutes });
    const response = await getCoachRoute(`Bearer ${token}`).expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'token_issued_in_the_future', message: 'token issued in the future' });
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token", error_description="token issued in the future"');
  });

  it('accepts a token issued within the clock skew ahead of this host', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1', { issuedAt: new Date(Date.now() + 20_000) });
    await getCoachRoute(`Bearer ${token}`).expect(200);
  });

  it('refuses a token valid for longer than a working day (10 hours), saying so', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1', { expiresInSeconds: 10 * 3600 + 60 });
    const response = await getCoachRoute(`Bearer ${token}`).expect(401);
    expect(response.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'token_lifetime_too_long', message: 'token lifetime too long' });
    await getCoachRoute(`Bearer ${await issuer.issueDevelopmentToken('coach-noord-1', { expiresInSeconds: 10 * 3600 })}`).expect(200);
  });

  it('refuses a token issued long ago that is still unexpired: its lifetime counts from iat', async () => {
    const elevenHoursAgo = new Date(Date.now() - 11 * 3600_000);
    const token = await issuer.issueDevelopmentToken('coach-noord-1', { issuedAt: elevenHoursAgo, expiresInSeconds: 11 * 3600 + 600 });
    const response = await getCoachRoute(`Bearer ${token}`).expect(401);
    expect(response.body.code).toBe('token_lifetime_too_long');
  });

  it('applies a configured maximum lifetime and clock skew', async () => {
    const strict = await createTestApp({ ...DEV_OPTIONS, maxTokenLifetimeSeconds: 300, clockToleranceSeconds: 0 });
    try {
      const strictIssuer = strict.get(DevelopmentIssuer);
      const call = async (options: Parameters<DevelopmentIssuer['issueDevelopmentToken']>[1]) =>
        request(strict.getHttpServer()).get('/cases/coach').set('Authorization', `Bearer ${await strictIssuer.issueDevelopmentToken('coach-noord-1', options)}`);
      expect((await call({ expiresInSeconds: 300 })).status).toBe(200);
      expect((await call({ expiresInSeconds: 301 })).body.code).toBe('token_lifetime_too_long');
      expect((await call({ issuedAt: new Date(Date.now() + 20_000), expiresInSeconds: 60 })).body.code).toBe('token_issued_in_the_future');
    } finally {
      await strict.close();
    }
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1', {
      issuedAt: new Date(Date.now() - 70_000),
      expiresInSeconds: 60,
    });
    await getCoachRoute(`Bearer ${token}`).expect(200);
  });

  it('refuses a token from another issuer', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1', { issuer: 'https://elders.example/realms/x' });
    const response = await getCoachRoute(`Bearer ${token}`).expect(401);
    expect(response.body.message).toBe('invalid token issuer');
  });

  it('refuses a token for another audience', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1', { audience: 'other-api' });
    const response = await getCoachRoute(`Bearer ${token}`).expect(401);
    expect(response.body.message).toBe('invalid token audience');
  });

  it('refuses a token from another development issuer (each process has its own key)', async () => {
    const other = await createTestApp(DEV_OPTIONS);
    try {
      const token = await other.get(DevelopmentIssuer).issueDevelopmentToken('coach-noord-1');
      await getCoachRoute(`Bearer ${token}`).expect(401);
      await request(other.getHttpServer()).get('/cases/coach').set('Authorization', `Bearer ${token}`).expect(200);
    } finally {
      await other.close();
    }
  });

  it('never echoes the token or its claims in responses or logs', async () => {
    const expired = await issuer.issueDevelopmentToken('coach-noord-1', { issuedAt: new Date(Date.now() - 7_200_000) });
    const wrongAudience = await issuer.issueDevelopmentToken('coach-noord-1', { audience: 'other-api' });
    const future = await issuer.issueDevelopmentToken('coach-noord-1', { issuedAt: new Date(Date.now() + 3_600_000) });
    const longLived = await issuer.issueDevelopmentToken('coach-noord-1', { expiresInSeconds: 30 * 24 * 3600 });
    for (const token of [expired, wrongAudience, future, longLived, await forgedToken(), 'secret-looking-garbage']) {
      const response = await getCoachRoute(`Bearer ${token}`).expect(401);
      const visible = JSON.stringify(response.body) + JSON.stringify(response.headers) + logger.lines.join('\n');
      for (const fragment of [token, ...token.split('.').filter((part) => part.length > 8), 'coach-noord-1', 'wijkteam-noord']) {
        expect(visible).not.toContain(fragment);
      }
    }
  });

  it('exports a public key only: the JWKS has no private part', async () => {
    const [key] = issuer.jwks().keys;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(key).not.toHaveProperty('d');
    const fresh = await exportJWK((await generateKeyPair('ES256')).publicKey);
    expect(key.x).not.toBe(fresh.x);
  });
});
