import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AUTH_BEARER_SCHEME, type OperationObject } from '@wijkteam/auth';
import { DEFAULT_DATA_CATEGORIES, DEFAULT_PURPOSES, PERSONAL_DATA } from '@wijkteam/contracts';
import { configureHttp, loadConfig, ServiceAppModule } from '@wijkteam/runtime';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { PlatformModule } from '../src/platform.module';
import { SEALED_TEXTS } from './support/sealed-texts';

type Operation = OperationObject & { 'x-roles'?: string[] };
type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  maxLength?: number;
  enum?: string[];
  items?: Schema;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: Schema | boolean;
};

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

  /** Every string of every command's body, by the schema and property it is declared in. */
  const commandStrings = (): [string, Schema][] => {
    const found = new Map<string, Schema>();
    const visited = new Set<string>();
    const visit = (given: Schema | undefined, owner: string, property: string) => {
      if (!given) return;
      if (given.$ref) {
        const name = given.$ref.split('/').pop() as string;
        if (visited.has(name)) return;
        visited.add(name);
        return visit(schema(name), name, '');
      }
      for (const part of [...(given.allOf ?? []), ...(given.oneOf ?? []), ...(given.anyOf ?? [])]) visit(part, owner, property);
      if (given.items) visit(given.items, owner, property);
      if (typeof given.additionalProperties === 'object') visit(given.additionalProperties, owner, `${property}.*`);
      for (const [name, child] of Object.entries(given.properties ?? {})) visit(child, owner, name);
      if (given.type === 'string' && property) found.set(`${owner}.${property}`, given);
    };
    for (const [, operation] of operations()) visit((operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.['application/json']?.schema, '', '');
    return [...found];
  };

  it('takes as a command string only a code from a list, an id, a date, or a personal field the catalogue seals (issue 17)', () => {
    const strings = commandStrings();
    expect(strings.length).toBeGreaterThan(100);
    const freeText = strings.filter(([, string]) => !string.enum && !string.format && !string.pattern).map(([name]) => name);
    expect(freeText.sort()).toEqual(Object.keys(SEALED_TEXTS).sort());
    for (const [name, { event, field }] of Object.entries(SEALED_TEXTS)) expect({ name, sealed: PERSONAL_DATA[event]?.personal.includes(field) }).toEqual({ name, sealed: true });
    // A pattern is a code's or an id's: it lets no name, sentence or e-mail address through; a free text has a bound.
    for (const [name, string] of strings) {
      if (string.pattern) expect({ name, admits: ['Jan Jansen', 'j.jansen@voorbeeld.nl', 'Jansen, 12-03-2014'].filter((text) => new RegExp(string.pattern as string).test(text)) }).toEqual({ name, admits: [] });
      if (freeText.includes(name)) expect({ name, bounded: typeof string.maxLength === 'number' }).toEqual({ name, bounded: true });
    }
  });
});
