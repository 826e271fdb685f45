import type { MessageHandler } from '@nestjs/microservices';
import { of, throwError } from 'rxjs';
import type { PublicEvent } from '@wijkteam/contracts';
import { MessageContext } from './message-context';
import { type ConsumerPending, type EventBinding, MessagingServer } from './messaging-server';

class TestServer extends MessagingServer {
  readonly kind = 'in-process';
  constructor() {
    super('reporting');
  }
  listen(callback: () => void): void {
    callback();
  }
  async close(): Promise<void> {}
  unwrap<T>(): T {
    return undefined as T;
  }
  async consumerPending(): Promise<ConsumerPending[]> {
    return [];
  }
  run(binding: EventBinding, ctx: MessageContext): Promise<void> {
    return this.dispatch(binding, ctx);
  }
}

const event = { id: 'e1', type: 'ConsentGranted', version: 1, source: 'consent', time: '2026-11-23T09:00:00.000Z', subject: 'c1', data: {}, correlationId: 'c', actor: { userId: 'u', role: 'coach', organisation: 'o' } } as unknown as PublicEvent;
const context = (): MessageContext => new MessageContext({ subject: 'jeugd.consent.ConsentGranted', consumer: 'reporting__consent_any', event, deliveryCount: 1 });
const binding = (handler: (...args: unknown[]) => unknown): EventBinding => ({ pattern: 'jeugd.consent.*', consumer: 'reporting__consent_any', handler: handler as MessageHandler, definitions: new Map() });

describe('MessagingServer.dispatch', () => {
  it('resolves once the handler succeeded, whether it returns a value, a promise or an Observable', async () => {
    const server = new TestServer();
    const seen: unknown[] = [];
    await server.run(binding((payload) => seen.push(payload)), context());
    await server.run(binding(async () => seen.push('async')), context());
    await server.run(binding(() => of('observable')), context());
    expect(seen).toEqual([event, 'async']);
  });

  it('rejects with the failure, thrown, rejected or from an erroring Observable', async () => {
    const server = new TestServer();
    await expect(server.run(binding(() => { throw new Error('thrown'); }), context())).rejects.toThrow('thrown');
    await expect(server.run(binding(async () => Promise.reject(new Error('rejected'))), context())).rejects.toThrow('rejected');
    await expect(server.run(binding(() => throwError(() => ({ status: 'error', message: 'filtered' }))), context())).rejects.toEqual({ status: 'error', message: 'filtered' });
  });

  it('waits for a processing hook that starts the handler later, and reports its outcome', async () => {
    const server = new TestServer();
    const order: string[] = [];
    server.setOnProcessingStartHook((_transport, _ctx, done) => {
      order.push('hook');
      setTimeout(() => void done().catch(() => undefined), 5);
    });
    server.setOnProcessingEndHook(() => order.push('end'));
    await server.run(binding(() => order.push('handler')), context());
    expect(order).toEqual(['hook', 'handler', 'end']);
    await expect(server.run(binding(() => { throw new Error('late'); }), context())).rejects.toThrow('late');
  });
});
