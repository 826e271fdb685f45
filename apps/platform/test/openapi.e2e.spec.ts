import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AUTH_BEARER_SCHEME, type OperationObject } from '@wijkteam/auth';
import { DEFAULT_DATA_CATEGORIES, DEFAULT_PURPOSES } from '@wijkteam/contracts';
import { configureHttp, loadConfig, ServiceAppModule } from '@wijkteam/runtime';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { PlatformModule } from '../src/platform.module';

type Operation = OperationObject & { 'x-roles'?: string[] };
type Schema = { $ref?: string; enum?: string[]; items?: Schema; properties?: Record<string, Schema>; allOf?: Schema[] };

/** The OpenAPI document the platform serves at /api/docs-json: all five services in one. */
describe('OpenAPI document of the platform', () => {
  let app: INestApplication;
  let document: OpenAPIObject;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-openapi-'));

  const operations = (): [string, Operation][] =>
    Object.entries(document.paths).flatMap(([route, item]) => Object.entries(item).map(([method, operation]) => [`${method} ${route}`, operation as Operation] as [string, Operation]));
  const schema = (name: string): Schema => document.components?.schemas?.[name] as Schema;
  const isPublic = (operation: Operation) => Array.isArray(operation.security) && operation.security.length === 0;

  beforeAll(async () => {
    const config = loadConfig(
      { AUTH_MODE: 'development', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
      { EVENT_STORE_URL: `sqlite:${path.join(dataDir, 'events.db')}`, SUBJECT_KEY_STORE_URL: `sqlite:${path.join(dataDir, 'keys.db')}`, MESSAGING_DB_PATH: path.join(dataDir, 'messaging.db'), TRANSPORT: 'in-process' },
    );
    const moduleRef = await Test.createTestingModule({ imports: [ServiceAppModule.forRoot(config, 'platform', [PlatformModule])] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    configureHttp(app, config, 'test');
    await app.init();
    document = (await request(app.getHttpServer()).get('/api/docs-json').expect(200)).body as OpenAPIObject;
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('declares the bearer scheme once, globally, and lifts it only from public operations', () => {
    expect(document.components?.securitySchemes?.[AUTH_BEARER_SCHEME]).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ [AUTH_BEARER_SCHEME]: [] }]);
    for (const [name, operation] of operations()) expect({ name, security: operation.security }).toEqual({ name, security: isPublic(operation) ? [] : undefined });
    const publicOnes = operations().filter(([, operation]) => isPublic(operation)).map(([name]) => name);
    expect(publicOnes.sort()).toEqual(['get /asyncapi.json', 'get /auth/dev/jwks.json', 'get /auth/dev/users', 'get /health', 'get /health/live', 'get /health/ready', 'get /metrics', 'post /auth/dev/token']);
  });

  it('gives every operation a summary', () => {
    const missing = operations().filter(([, operation]) => !operation.summary?.trim()).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('documents a success and, where the caller can be at fault, a 4xx for every operation', () => {
    for (const [name, operation] of operations()) {
      const statuses = Object.keys(operation.responses);
      expect({ name, success: statuses.some((status) => /^2\d\d$/.test(status)) }).toEqual({ name, success: true });
      // A public operation without parameters or body has nothing a caller could get wrong.
      const takesInput = !isPublic(operation) || (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
      if (takesInput) expect({ name, clientError: statuses.some((status) => /^4\d\d$/.test(status)) }).toEqual({ name, clientError: true });
    }
  });

  it('names the roles of every protected operation, as @Roles declares them, with 401 and 403', () => {
    for (const [name, operation] of operations().filter(([, operation]) => !isPublic(operation))) {
      expect({ name, named: (operation['x-roles'] ?? []).length > 0 }).toEqual({ name, named: true });
      expect(operation.description).toContain(`Roles: ${operation['x-roles']?.join(', ')}.`);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    expect(document.paths['/referrals'].post?.['x-roles' as never]).toEqual(['front-office', 'coach', 'team-coordinator']);
    expect(document.paths['/privacy/erasures'].post?.['x-roles' as never]).toEqual(['privacy-officer']);
  });

  it('documents If-Match and its 412 wherever a handler reads it', () => {
    const withIfMatch = operations().filter(([, operation]) => operation.parameters?.some((parameter) => 'name' in parameter && parameter.name === 'If-Match'));
    expect(withIfMatch.map(([name]) => name)).toEqual(
      expect.arrayContaining(['post /referrals/{referralId}/acceptance', 'post /case-files/{caseFileId}/closure', 'post /consent/consents/{consentId}/withdrawal', 'post /privacy/destruction-requests/{requestId}/decision']),
    );
    for (const [name, operation] of withIfMatch) expect({ name, has412: '412' in operation.responses }).toEqual({ name, has412: true });
    expect(document.paths['/referrals/{referralId}'].get?.responses).toHaveProperty('404');
    expect(document.paths['/referrals/{referralId}'].get?.responses).toHaveProperty('400');
    expect(document.paths['/referrals/{referralId}'].get?.parameters).toEqual([expect.objectContaining({ name: 'referralId', in: 'path', schema: { type: 'string', format: 'uuid' } })]);
    expect(document.paths['/referrals'].post?.responses).toHaveProperty('422');
  });

  it('documents consent purposes and data categories as the code lists of libs/contracts', () => {
    for (const name of ['GrantConsentDto', 'RefuseConsentDto', 'DecideDisclosureDto', 'RecordDisclosureDto']) {
      const properties = { ...schema(name).properties, ...Object.assign({}, ...(schema(name).allOf ?? []).map((part) => part.properties ?? {})) } as Record<string, Schema>;
      expect({ name, purposes: properties.purpose?.enum }).toEqual({ name, purposes: [...DEFAULT_PURPOSES] });
      expect({ name, categories: properties.dataCategories?.items?.enum }).toEqual({ name, categories: [...DEFAULT_DATA_CATEGORIES] });
    }
  });
});
