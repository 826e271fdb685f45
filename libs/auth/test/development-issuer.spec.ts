import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import request from 'supertest';
import { DEMO_USERS, DEVELOPMENT_TOKEN_LIFETIME_SECONDS, DevelopmentIssuer, ROLES, TokenVerifier, UnknownDemoUser, validateAuthOptions } from '../src';
import { DEV_OPTIONS, createTestApp } from './test-app';

describe('development issuer endpoints', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp(DEV_OPTIONS);
  });
  afterAll(() => app.close());

  const server = () => app.getHttpServer();

  it('lists the demo users without a token, with at least one per role and no personal data', async () => {
    const response = await request(server()).get('/auth/dev/users').expect(200);
    expect(response.body).toHaveLength(DEMO_USERS.length);
    for (const role of ROLES) {
      expect(response.body.some((user: { roles: string[] }) => user.roles.includes(role))).toBe(true);
    }
    expect(response.body).toContainEqual({
      userId: 'coach-noord-1',
      roles: ['coach'],
      team: 'jeugdteam',
      organisation: 'wijkteam-noord',
      description: 'Jeugd- en gezinscoach, team Noord',
    });
    expect(response.body).toContainEqual(
      expect.objectContaining({ userId: 'volwassenenteam-1', roles: ['adult-team'], team: 'volwassenenteam' }),
    );
    expect(response.body).toContainEqual(
      expect.objectContaining({ userId: 'partner-jgz-1', roles: ['partner'], team: 'partner', organisation: 'jgz' }),
    );
    for (const user of response.body as Record<string, unknown>[]) {
      expect(Object.keys(user).sort()).toEqual(['description', 'organisation', 'roles', 'team', 'userId']);
    }
  });

  it('issues a one-hour bearer token for a demo user that opens the routes of its role', async () => {
    const response = await request(server()).post('/auth/dev/token').send({ userId: 'coach-noord-2' }).expect(200);
    expect(response.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expect(DEVELOPMENT_TOKEN_LIFETIME_SECONDS).toBe(3600);

    const { access_token: token } = response.body as { access_token: string };
    const me = await request(server()).get('/cases/coach').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toEqual({ userId: 'coach-noord-2', roles: ['coach'], organisation: 'wijkteam-noord', team: 'jeugdteam' });
    await request(server()).get('/cases/audit').set('Authorization', `Bearer ${token}`).expect(403);
  });

  it('signs tokens that verify against its published JWKS, with exactly the agreed claims', async () => {
    const { body: jwks } = await request(server()).get('/auth/dev/jwks.json').expect(200);
    const { body } = await request(server()).post('/auth/dev/token').send({ userId: 'partner-jgz-1' }).expect(200);
    const { payload, protectedHeader } = await jwtVerify(body.access_token, createLocalJWKSet(jwks), {
      issuer: DEV_OPTIONS.issuer,
      audience: DEV_OPTIONS.audience,
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(protectedHeader.kid).toBe(jwks.keys[0].kid);
    expect(payload).toMatchObject({ sub: 'partner-jgz-1', roles: ['partner'], org: 'jgz', team: 'partner' });
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'org', 'roles', 'sub', 'team']);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
  });

  it.each([
    [{ userId: 'coach-onbekend-9' }],
    [{ userId: '' }],
    [{ userId: 42 }],
    [{}],
  ])('refuses %j with 400 naming userId', async (body) => {
    const response = await request(server()).post('/auth/dev/token').send(body).expect(400);
    expect(response.body.statusCode).toBe(400);
    expect(response.body.error).toBe('Bad Request');
    const messages = response.body.message as string[];
    expect(messages.some((message) => message.startsWith('userId must be one of the demo users: front-office-1'))).toBe(true);
    expect(response.body.access_token).toBeUndefined();
  });

  it('refuses extra fields, so no one can ask for extra roles', async () => {
    const response = await request(server())
      .post('/auth/dev/token')
      .send({ userId: 'coach-noord-1', roles: ['auditor'] })
      .expect(400);
    expect(response.body.message).toContain('property roles should not exist');
  });

  it('refuses unknown users in the service too', async () => {
    await expect(app.get(DevelopmentIssuer).issueDevelopmentToken('nobody')).rejects.toBeInstanceOf(UnknownDemoUser);
  });

  it('names its key in every token header', async () => {
    const token = await app.get(DevelopmentIssuer).issueDevelopmentToken('auditor-1');
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', kid: expect.any(String), typ: 'JWT' });
  });

  it('keeps the demo users immutable', () => {
    expect(() => (DEMO_USERS[0].roles as string[]).push('auditor')).toThrow();
    expect(DEMO_USERS[0].roles).toEqual(['front-office']);
  });
});

describe('development issuer key file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-issuer-'));
  const keyFile = path.join(dir, 'data', 'dev-issuer-key.json');
  const options = { ...DEV_OPTIONS, keyFile };
  const verifierOf = (issuer: DevelopmentIssuer) => TokenVerifier.forLocalKeys(issuer.jwks(), validateAuthOptions(DEV_OPTIONS));

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps its key across restarts: two issuers over one file verify each other\'s tokens', async () => {
    const before = await DevelopmentIssuer.create(options);
    const after = await DevelopmentIssuer.create(options);
    expect(after.jwks()).toEqual(before.jwks());
    await expect(verifierOf(after).verify(await before.issueDevelopmentToken('coach-noord-1'))).resolves.toMatchObject({ userId: 'coach-noord-1' });
    await expect(verifierOf(before).verify(await after.issueDevelopmentToken('auditor-1'))).resolves.toMatchObject({ userId: 'auditor-1' });
  });

  it('creates the file readable by its owner only, and publishes no private part', async () => {
    await DevelopmentIssuer.create(options);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(keyFile, 'utf8'))).toHaveProperty('d');
    const [published] = (await DevelopmentIssuer.create(options)).jwks().keys;
    expect(published).not.toHaveProperty('d');
    expect(fs.readdirSync(path.dirname(keyFile))).toEqual(['dev-issuer-key.json']);
  });

  it('does not accept tokens of an issuer without the file', async () => {
    const kept = await DevelopmentIssuer.create(options);
    const forgetful = await DevelopmentIssuer.create(DEV_OPTIONS);
    await expect(verifierOf(kept).verify(await forgetful.issueDevelopmentToken('coach-noord-1'))).rejects.toThrow();
  });

  it('refuses a damaged key file, naming it, rather than replacing the key silently', async () => {
    const damaged = path.join(dir, 'damaged.json');
    fs.writeFileSync(damaged, '{"kty":"EC"}', { mode: 0o600 });
    await expect(DevelopmentIssuer.create({ ...DEV_OPTIONS, keyFile: damaged })).rejects.toThrow(`development issuer key file ${damaged} is not an ES256 private JWK`);
  });
});
