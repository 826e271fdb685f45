import 'reflect-metadata';
import { DevelopmentIssuer, TokenVerifier, validateAuthOptions } from '@wijkteam/auth';
import type { ServiceClients } from '@wijkteam/messaging';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested } from 'class-validator';
import { askPerClient, CLIENTS_PER_REQUEST, NoUserToken, onBehalfOfUser, ServiceRequestEnvelope, UserRequests } from './service-request';

describe('askPerClient', () => {
  const context = { actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'corr-0001', token: 'the.users.token' };

  it('asks once per client, in requests of at most CLIENTS_PER_REQUEST, on behalf of the user (their token), and maps the answers', async () => {
    const asked: { service: string; pattern: string; payload: { clientIds: string[]; token: string; correlationId: string } }[] = [];
    const clients = {
      get: (service: string) => ({
        request: async (pattern: string, payload: { clientIds: string[]; token: string; correlationId: string }) => {
          asked.push({ service, pattern, payload });
          // The service holds nothing of the clients ending in 7 (erased): absent from its answer.
          return payload.clientIds.filter((id) => !id.endsWith('7')).map((clientId) => ({ clientId, month: `m-${clientId}` }));
        },
      }),
    } as unknown as ServiceClients;
    const ids = Array.from({ length: CLIENTS_PER_REQUEST + 5 }, (_, index) => `client-${index}`);
    const found = await askPerClient(clients, 'intake', 'intake.test', [...ids, ids[0], ids[1]], context, (answer: { clientId: string; month: string }) => answer.month);
    expect(asked.map(({ payload }) => payload.clientIds.length)).toEqual([CLIENTS_PER_REQUEST, 5]);
    expect(asked.every(({ service, pattern }) => service === 'intake' && pattern === 'intake.test')).toBe(true);
    expect(asked[0].payload).toMatchObject({ token: 'the.users.token', correlationId: 'corr-0001' });
    expect(asked[0].payload).not.toHaveProperty('actor');
    expect(found.get('client-3')).toBe('m-client-3');
    expect(found.has('client-7')).toBe(false);
    expect(found.size).toBe(ids.filter((id) => !id.endsWith('7')).length);
  });
});

describe('requests on behalf of a user', () => {
  const options = validateAuthOptions({ mode: 'development', issuer: 'urn:wijkteam:test-issuer', audience: 'wijkteam-test' });
  let issuer: DevelopmentIssuer;
  let requests: UserRequests;

  class Ask {
    @IsIn(['jgz', 'school']) organisation!: string;
  }
  class AskRequest extends ServiceRequestEnvelope {
    @IsDefined()
    @ValidateNested()
    @Type(() => Ask)
    ask!: Ask;
  }

  beforeAll(async () => {
    issuer = await DevelopmentIssuer.create(options);
    requests = new UserRequests(TokenVerifier.forLocalKeys(issuer.jwks(), options));
  });

  it('makes the user of the verified token the actor, whatever else the caller is', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-2');
    const accepted = await requests.accept(AskRequest, { token, correlationId: 'corr-0001', ask: { organisation: 'jgz' } });
    expect(accepted.ask.organisation).toBe('jgz');
    expect(accepted.user.userId).toBe('coach-noord-2');
    expect(accepted.context).toEqual({ actor: { userId: 'coach-noord-2', role: 'coach', organisation: 'wijkteam-noord' }, correlationId: 'corr-0001', token });
  });

  it('refuses a named actor: the old envelope, and any actor beside a token', async () => {
    const actor = { userId: 'auditor-1', role: 'auditor', organisation: 'gemeente' };
    await expect(requests.accept(AskRequest, { actor, correlationId: 'corr-0002', ask: { organisation: 'jgz' } })).rejects.toMatchObject({ code: 'invalid_input', field: 'actor' });
    const token = await issuer.issueDevelopmentToken('coach-noord-2');
    await expect(requests.accept(AskRequest, { token, actor, correlationId: 'corr-0003', ask: { organisation: 'jgz' } })).rejects.toMatchObject({ code: 'invalid_input', field: 'actor' });
  });

  it('refuses a token the identity provider did not sign, an expired one, and one for another audience, by reason only', async () => {
    const other = await DevelopmentIssuer.create(options);
    const forged = await other.issueDevelopmentToken('auditor-1');
    const expired = await issuer.issueDevelopmentToken('coach-noord-1', { issuedAt: new Date(Date.now() - 3 * 3600_000), expiresInSeconds: 3600 });
    const elsewhere = await issuer.issueDevelopmentToken('coach-noord-1', { audience: 'another-system' });
    const refusal = (token: string) => requests.accept(AskRequest, { token, correlationId: 'corr-0004', ask: { organisation: 'jgz' } }).catch((error: Error & { code?: string }) => error);
    const [a, b, c] = await Promise.all([refusal(forged), refusal(expired), refusal(elsewhere)]);
    expect([a, b, c].map((error) => (error as { code?: string }).code)).toEqual(['user_invalid_token', 'user_token_expired', 'user_invalid_token_audience']);
    for (const error of [a, b, c]) expect((error as Error).message).not.toContain(forged.slice(0, 20));
  });

  it('validates the request before the token: a field at fault is named, nothing verified', async () => {
    const token = await issuer.issueDevelopmentToken('coach-noord-1');
    await expect(requests.accept(AskRequest, { token, correlationId: 'corr-0005', ask: { organisation: 'Jan Jansen' } })).rejects.toMatchObject({ code: 'invalid_input', field: 'ask.organisation' });
    await expect(requests.accept(AskRequest, { token: 'not-a-jwt', correlationId: 'corr-0006', ask: { organisation: 'jgz' } })).rejects.toMatchObject({ field: 'token' });
  });

  it('cannot build a request for a user from work nobody asked for (no token in the context)', () => {
    expect(() => onBehalfOfUser({ correlationId: 'corr-0007' })).toThrow(NoUserToken);
    expect(onBehalfOfUser({ correlationId: 'corr-0008', token: 'a.b.c' })).toEqual({ token: 'a.b.c', correlationId: 'corr-0008' });
  });
});
