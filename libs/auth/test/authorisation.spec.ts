import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEMO_USERS, DevelopmentIssuer } from '../src';
import { DEV_OPTIONS, RecordingLogger, createTestApp } from './test-app';

describe('authorisation by role (development mode)', () => {
  let app: INestApplication;
  let issuer: DevelopmentIssuer;
  const logger = new RecordingLogger();

  beforeAll(async () => {
    app = await createTestApp(DEV_OPTIONS, logger);
    issuer = app.get(DevelopmentIssuer);
  });
  afterAll(() => app.close());

  /** GET as a demo user (or anonymously), asserting the status; resolves to the response. */
  const get = async (path: string, userId: string | undefined, status: number) => {
    const call = request(app.getHttpServer()).get(path);
    if (userId) call.set('Authorization', `Bearer ${await issuer.issueDevelopmentToken(userId)}`);
    return call.expect(status);
  };

  it('lets a coach through on the coach route and hands the handler the claims as @CurrentUser()', async () => {
    const response = await get('/cases/coach', 'coach-noord-1', 200);
    expect(response.body).toEqual({
      userId: 'coach-noord-1',
      roles: ['coach'],
      organisation: 'wijkteam-noord',
      team: 'jeugdteam',
    });
  });

  it('refuses a coach on the auditor route with 403 naming the roles required', async () => {
    const response = await get('/cases/audit', 'coach-noord-1', 403);
    expect(response.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'requires one of the roles: auditor, team-coordinator',
    });
  });

  it.each([['auditor-1'], ['coordinator-1']])('lets %s through on the auditor route', async (userId) => {
    await get('/cases/audit', userId, 200);
  });

  it('refuses every role on a route without @Roles or @Public (secure default)', async () => {
    for (const user of DEMO_USERS) {
      const response = await get('/cases/undecorated', user.userId, 403);
      expect(response.body.message).toMatch(/no access rule/);
      expect(response.body).not.toHaveProperty('leaked');
    }
    const warnings = logger.lines.filter((line) => line.includes('TestCasesController.forgotten'));
    expect(warnings).toHaveLength(1);
  });

  it('serves a @Public route without a token', async () => {
    const response = await get('/cases/public', undefined, 200);
    expect(response.body).toEqual({ open: true });
  });

  it('does not reject a @Public route because of a bad token', async () => {
    await request(app.getHttpServer()).get('/cases/public').set('Authorization', 'Bearer rubbish').expect(200);
  });

  it('fails loudly, without a user, when @CurrentUser() is used on a @Public route', async () => {
    const response = await get('/cases/public-with-user', undefined, 500);
    expect(JSON.stringify(response.body)).not.toContain('userId');
  });

  it.each([
    ['front-office-1'],
    ['gedragswetenschapper-1'],
    ['volwassenenteam-1'],
    ['partner-jgz-1'],
    ['auditor-1'],
  ])('refuses %s on the coach route', async (userId) => {
    await get('/cases/coach', userId, 403);
  });

  describe('controller-level rules', () => {
    it('applies a controller @Roles to its handlers', async () => {
      await get('/coordination/decisions', 'coordinator-1', 200);
      await get('/coordination/decisions', 'coach-noord-1', 403);
      await get('/coordination/decisions', undefined, 401);
    });

    it('lets a handler @Public open one route of a role-guarded controller', async () => {
      await get('/coordination/agenda', undefined, 200);
    });

    it('lets a handler @Roles close one route of a public controller', async () => {
      await get('/info/about', undefined, 200);
      await get('/info/coach-notes', undefined, 401);
      await get('/info/coach-notes', 'partner-jgz-1', 403);
      await get('/info/coach-notes', 'coach-zuid-1', 200);
    });
  });
});
