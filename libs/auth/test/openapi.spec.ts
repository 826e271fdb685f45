import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AUTH_BEARER_SCHEME, declaredAccess, describeAccess, type OperationObject } from '../src';
import { DEV_OPTIONS, TestCasesController, TestCoordinationController, createTestApp } from './test-app';

describe('OpenAPI', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  /** An operation documented as the runtime's document builder does it: from the guards' metadata. */
  const described = (path: string, controller: Type, method: string): OperationObject & { 'x-roles'?: string[] } => {
    const operation = document.paths[path].get as OperationObject;
    describeAccess(operation, declaredAccess((controller.prototype as Record<string, () => unknown>)[method], controller));
    return operation;
  };

  beforeAll(async () => {
    app = await createTestApp(DEV_OPTIONS);
    const config = new DocumentBuilder().setTitle('test').addBearerAuth(undefined, AUTH_BEARER_SCHEME).addSecurityRequirements(AUTH_BEARER_SCHEME).build();
    document = SwaggerModule.createDocument(app, config);
  });
  afterAll(() => app.close());

  it('registers the bearer scheme under the exported name', () => {
    expect(document.components?.securitySchemes?.[AUTH_BEARER_SCHEME]).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('names the roles of a @Roles route, with its 401 and 403, under the global bearer requirement', () => {
    const operation = described('/cases/audit', TestCasesController, 'forAuditors');
    expect(operation.security).toBeUndefined();
    expect(operation['x-roles']).toEqual(['auditor', 'team-coordinator']);
    expect(operation.description).toContain('Roles: auditor, team-coordinator.');
    expect(operation.responses).toHaveProperty('401');
    expect(operation.responses['403']).toMatchObject({ description: 'Requires one of the roles: auditor, team-coordinator' });
  });

  it('takes the controller\'s roles where the handler declares none, and the handler\'s @Public over them', () => {
    expect(described('/coordination/decisions', TestCoordinationController, 'decisions')['x-roles']).toEqual(['team-coordinator']);
    const agenda = described('/coordination/agenda', TestCoordinationController, 'agenda');
    expect(agenda.security).toEqual([]);
    expect(agenda['x-roles']).toBeUndefined();
  });

  it('lifts the bearer requirement from @Public routes', () => {
    const operation = described('/cases/public', TestCasesController, 'open');
    expect(operation.security).toEqual([]);
    expect(operation.responses).not.toHaveProperty('401');
  });

  it('documents the development issuer with its request and response shapes', () => {
    const token = document.paths['/auth/dev/token'].post;
    expect(token?.tags).toEqual(['auth (development)']);
    expect(token?.responses['200']).toBeDefined();
    expect(document.components?.schemas).toHaveProperty('DevelopmentTokenRequest');
    expect(document.components?.schemas).toHaveProperty('DevelopmentTokenResponse');
    expect(document.paths['/auth/dev/users'].get?.responses['200']).toBeDefined();
    expect(document.paths['/auth/dev/jwks.json'].get?.responses['200']).toBeDefined();
  });
});
