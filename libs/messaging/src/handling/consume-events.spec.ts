import { CaseDirectorAssigned, CaseFileClosed, CaseFileReopened, ReferralAccepted } from '@wijkteam/contracts';
import { type MessageHandler } from '@nestjs/microservices';
import { CONSUMED_EVENTS, CONSUMER_GROUP } from './consumed-events-key';
import { ConsumeEvents, decodeFor } from './consume-events';
import { MessagingConfigError, MessagingServer } from './messaging-server';
import type { ConsumerPending } from './messaging-server';

class Probe extends MessagingServer {
  readonly kind = 'in-process';
  constructor() {
    super('consent');
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
  bindings() {
    return this.eventBindings();
  }
}

const patternOf = (decorator: MethodDecorator): unknown => {
  class Handler {
    handle(): void {}
  }
  decorator(Handler.prototype, 'handle', Object.getOwnPropertyDescriptor(Handler.prototype, 'handle') as PropertyDescriptor);
  return Reflect.getMetadata('microservices:pattern', Handler.prototype.handle);
};

describe('@ConsumeEvents', () => {
  it("subscribes one definition's channel, or several of one publisher as one ordered group", () => {
    expect(patternOf(ConsumeEvents('case-planning', ReferralAccepted))).toEqual(['jeugd.intake.ReferralAccepted']);
    expect(patternOf(ConsumeEvents('consent', CaseFileClosed, CaseFileReopened))).toEqual(['jeugd.case-planning.*']);
  });

  it('refuses definitions of two publishers, or none', () => {
    expect(() => ConsumeEvents('consent', CaseFileClosed, ReferralAccepted)).toThrow(MessagingConfigError);
    expect(() => ConsumeEvents('consent')).toThrow(MessagingConfigError);
  });

  it('skips types on the subject it did not ask for, and decodes those it did', () => {
    const definitions = new Map([CaseFileClosed, CaseFileReopened].map((d) => [d.type, d]));
    const envelope = { service: 'case-planning', version: 1, id: '0193a5b2-7c1e-7000-8000-0000000000e1', time: '2026-11-23T09:00:00.000Z', subject: 'x', correlationId: 'c', actor: { userId: 'u', role: 'coach', organisation: 'o' } };
    expect(decodeFor(definitions, { envelope: { ...envelope, type: CaseDirectorAssigned.type }, data: {} })).toBeUndefined();
    const data = { caseFileId: '0193a5b2-7c1e-7000-8000-0000000000c1', clientId: '0193a5b2-7c1e-7000-8000-0000000000b1', reason: 'goals_reached_closed', closedAt: '2026-11-23T09:00:00.000Z' };
    // A v1 message (the envelope's version) arrives upcast to the current v2: nobody informed, referred nowhere.
    expect(decodeFor(definitions, { envelope: { ...envelope, type: 'CaseFileClosed' }, data })).toMatchObject({ type: 'CaseFileClosed', version: 2, source: 'case-planning', data: { ...data, informed: [], referredTo: 'none' } });
    expect(() => decodeFor(definitions, { envelope: { ...envelope, type: 'CaseFileClosed' }, data: { ...data, reason: 'free text' } })).toThrow(expect.objectContaining({ code: 'event_data_invalid', field: 'reason' }) as Error);
  });

  it('is required: a plain event handler stops start-up', () => {
    const server = new Probe();
    server.addHandler('jeugd.intake.ReferralAccepted', (async () => undefined) as unknown as MessageHandler, true);
    expect(() => server.bindings()).toThrow(/must name its event definitions with @ConsumeEvents/);
  });

  it('gives each read model of a shared pattern a consumer of its own, calling only its own handler; two handlers of one group stop start-up', async () => {
    const server = new Probe();
    const calls: string[] = [];
    const handler = (name: string) => Object.assign(async () => void calls.push(name), { next: undefined }) as unknown as MessageHandler;
    const extras = (group: string) => ({ [CONSUMED_EVENTS]: [CaseFileClosed], [CONSUMER_GROUP]: group });
    server.addHandler('jeugd.case-planning.*', handler('closures'), true, extras('closures_v1'));
    server.addHandler('jeugd.case-planning.*', handler('transitions'), true, extras('transitions_v1'));
    const bindings = server.bindings();
    expect(bindings.map((b) => b.consumer)).toEqual(['consent__case-planning_any__closures_v1', 'consent__case-planning_any__transitions_v1']);
    expect(bindings[0].handler.next).toBeUndefined();
    expect(server.bindings()).toBe(bindings);
    await bindings[0].handler({}, undefined);
    expect(calls).toEqual(['closures']);

    const twice = new Probe();
    twice.addHandler('jeugd.case-planning.*', handler('a'), true, extras('closures_v1'));
    twice.addHandler('jeugd.case-planning.*', handler('b'), true, extras('closures_v1'));
    expect(() => twice.bindings()).toThrow(/more than one event handler for jeugd.case-planning/);
  });
});
