import 'reflect-metadata';
import type { ServiceClients } from '@wijkteam/messaging';
import { askPerClient, CLIENTS_PER_REQUEST } from './service-request';

describe('askPerClient', () => {
  const context = { actor: { userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord', team: 'wijkteam-noord' }, correlationId: 'corr-0001' };

  it('asks once per client, in requests of at most CLIENTS_PER_REQUEST, as the actor, and maps the answers', async () => {
    const asked: { service: string; pattern: string; payload: { clientIds: string[]; actor: object; correlationId: string } }[] = [];
    const clients = {
      get: (service: string) => ({
        request: async (pattern: string, payload: { clientIds: string[]; actor: object; correlationId: string }) => {
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
    expect(asked[0].payload.actor).toEqual({ userId: 'coach-noord-1', role: 'coach', organisation: 'wijkteam-noord' });
    expect(asked[0].payload.correlationId).toBe('corr-0001');
    expect(found.get('client-3')).toBe('m-client-3');
    expect(found.has('client-7')).toBe(false);
    expect(found.size).toBe(ids.filter((id) => !id.endsWith('7')).length);
  });
});
