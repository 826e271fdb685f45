import { CaseDirectorAssigned, CaseFileClosed, CaseFileReopened, ReferralAccepted } from '@wijkteam/contracts';
import { type MessageHandler } from '@nestjs/microservices';
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
});
