import type { MessageHandler } from '@nestjs/microservices';
import { of, throwError } from 'rxjs';
import type { PublicEvent } from '@wijkteam/contracts';
import { CONSUMED_EVENTS, CONSUMER_GROUP } from './consumed-events-key';
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

describe('MessagingServer.eventBindings', () => {
  class BindingsServer extends TestServer {
    bound(): EventBinding[] {
      return this.eventBindings();
    }
  }
  const definitions = [{ type: 'ConsentGranted', service: 'consent' }];
  const add = (server: BindingsServer, group: string, handler: (...args: unknown[]) => unknown) =>
    server.addHandler('jeugd.consent.*', handler as MessageHandler, true, { [CONSUMED_EVENTS]: definitions, [CONSUMER_GROUP]: group });

  it('gives each read model reading one publisher its own consumer, and calls only its own handler', async () => {
    const server = new BindingsServer();
    const seen: string[] = [];
    add(server, 'reporting_consents_v1', () => seen.push('figures'));
    add(server, 'reporting_compliance_v1', () => seen.push('compliance'));
    const bindings = server.bound();
    expect(bindings.map(({ pattern, consumer }) => [pattern, consumer])).toEqual([
      ['jeugd.consent.*', expect.stringContaining('reporting_consents_v1')],
      ['jeugd.consent.*', expect.stringContaining('reporting_compliance_v1')],
    ]);
    await server.run(bindings[1], context());
    expect(seen).toEqual(['compliance']);
    expect(server.bound()).toBe(bindings);
  });

  it('refuses two handlers of one group for one pattern', () => {
    const server = new BindingsServer();
    add(server, 'reporting_consents_v1', () => undefined);
    add(server, 'reporting_consents_v1', () => undefined);
    expect(() => server.bound()).toThrow(/more than one event handler for jeugd\.consent\.\*/);
  });
});
