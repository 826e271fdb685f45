import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AUTH_BEARER_SCHEME } from '../src';
import { DEV_OPTIONS, createTestApp } from './test-app';

describe('OpenAPI', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await createTestApp(DEV_OPTIONS);
    const config = new DocumentBuilder().setTitle('test').addBearerAuth(undefined, AUTH_BEARER_SCHEME).build();
    document = SwaggerModule.createDocument(app, config);
  });
  afterAll(() => app.close());

  it('registers the bearer scheme under the exported name', () => {
    expect(document.components?.securitySchemes?.[AUTH_BEARER_SCHEME]).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('marks @Roles routes as needing the bearer token, with their 401 and 403', () => {
    const operation = document.paths['/cases/audit'].get;
    expect(operation?.security).toEqual([{ [AUTH_BEARER_SCHEME]: [] }]);
    expect(operation?.responses).toHaveProperty('401');
    expect(operation?.responses['403']).toMatchObject({ description: 'Requires one of the roles: auditor, team-coordinator' });
  });

  it('leaves @Public routes without a security requirement', () => {
    expect(document.paths['/cases/public'].get?.security).toBeUndefined();
  });

  it('documents the development issuer with its request and response shapes', () => {
    const token = document.paths['/auth/dev/token'].post;
    expect(token?.tags).toEqual(['auth (development)']);
    expect(token?.security).toBeUndefined();
    expect(token?.responses['200']).toBeDefined();
    expect(document.components?.schemas).toHaveProperty('DevelopmentTokenRequest');
    expect(document.components?.schemas).toHaveProperty('DevelopmentTokenResponse');
    expect(document.paths['/auth/dev/users'].get?.responses['200']).toBeDefined();
    expect(document.paths['/auth/dev/jwks.json'].get?.responses['200']).toBeDefined();
  });
});
