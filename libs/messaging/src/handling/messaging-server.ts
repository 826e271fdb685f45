import { type CustomTransportStrategy, type MessageHandler, Server, type Transport } from '@nestjs/microservices';
import { EventEmitter } from 'node:events';
import type { AnyEventDefinition } from '@wijkteam/contracts';
import { isObservable, lastValueFrom } from 'rxjs';
import { assertEventPattern, consumerName, SUBJECT_ROOT } from '../events/subjects';
import type { ConsumedDefinitions } from './consume-events';
import { CONSUMED_EVENTS, CONSUMER_GROUP } from './consumed-events-key';
import type { MessageContext } from './message-context';

/** One `@ConsumeEvents` handler, the definitions it reads and the consumer (handler group) that feeds it. */
export interface EventBinding {
  pattern: string;
  consumer: string;
  handler: MessageHandler;
  definitions: ConsumedDefinitions;
  /**
   * A `@ReadModelEvents` handler: it hands its effect to `ProjectionHost.applyOnce` before its first
   * await, and the host applies effects in the order of those calls and commits them in groups. So
   * its consumer dispatches the next messages before this one committed (JetStream: up to
   * READ_MODEL_CONCURRENCY at once; in-process: a read batch at once) and keeps the delivery order;
   * each message is still acknowledged only after its own commit.
   */
  readModel?: boolean;
}


export class MessagingConfigError extends Error {
  readonly code = 'messaging_config_error';
  constructor(message: string) {
    super(message);
    this.name = 'MessagingConfigError';
  }
}

/**
 * The transport id of a service's messaging transport. Handlers need it only when several services
 * share one Nest application; @ConsumeEvents and @ServiceMessagePattern bind to it.
 */
export function messagingTransportId(service: string): symbol {
  return Symbol.for(`wijkteam.messaging.${service}`);
}

export interface ConsumerPending {
  consumer: string;
  /** Messages (JetStream) or store positions (in-process) not yet handled by this consumer. */
  pending: number;
  /** Delivered but not yet acknowledged (in flight or waiting out a retry delay). */
  ackPending: number;
  redelivered: number;
  /** Events this consumer dead-lettered since start (in this replica): failed handlers, undecodable messages, unreadable stored records. */
  deadLettered: number;
}

export type TransportStatus = 'starting' | 'connected' | 'disconnected' | 'closed';

/** Which bus feeds the handlers: JetStream, or the store's own subscription (embedded default). */
export type TransportKind = 'jetstream' | 'in-process';

/** Events a messaging transport emits to `transport.on(...)` listeners. */
export type MessagingTransportEvents = {
  status: (status: TransportStatus) => void;
};

/**
 * What the JetStream and the in-process transport share: turning Nest's handler table into
 * consumers, and calling a handler so that its failure (thrown, rejected or an erroring Observable
 * from Nest's exception filter) reaches the transport's retry and dead-letter path.
 */
export abstract class MessagingServer
  extends Server<MessagingTransportEvents, TransportStatus>
  implements CustomTransportStrategy
{
  private readonly events = new EventEmitter();
  abstract readonly kind: TransportKind;

  protected constructor(readonly service: string) {
    super();
    this.transportId = messagingTransportId(service);
  }

  private collected: EventBinding[] | undefined;

  /**
   * One binding, and so one consumer, per `@ConsumeEvents` handler. Nest chains handlers that share
   * a pattern and calls them together (one inbox key, one retry fate); several read models of one
   * service may read the same publisher, each in its own handler group, so the chain is taken apart
   * once: each handler its own consumer. Two handlers of one group on one pattern stay an error.
   */
  protected eventBindings(): EventBinding[] {
    this.collected ??= this.collectBindings();
    return this.collected;
  }

  private collectBindings(): EventBinding[] {
    const bindings: EventBinding[] = [];
    for (const [pattern, head] of this.messageHandlers) {
      if (!head.isEventHandler) continue;
      assertEventPattern(pattern);
      for (let handler: MessageHandler | undefined = head; handler; ) {
        const next: MessageHandler | undefined = handler.next;
        handler.next = undefined;
        const definitions = handler.extras?.[CONSUMED_EVENTS] as AnyEventDefinition[] | undefined;
        // Consumers decode through the schema: a handler names the definitions (type + version) it reads.
        if (!definitions) throw new MessagingConfigError(`${this.service}: the handler for ${pattern} must name its event definitions with @ConsumeEvents`);
        const group = handler.extras?.[CONSUMER_GROUP] as string | undefined;
        const consumer = consumerName(this.service, pattern, group);
        if (bindings.some((binding) => binding.consumer === consumer)) {
          throw new MessagingConfigError(`${this.service}: more than one event handler for ${pattern} in consumer ${consumer}; use one handler per pattern and group`);
        }
        bindings.push({ pattern, consumer, handler, definitions: new Map(definitions.map((d) => [d.type, d])), readModel: group !== undefined });
        handler = next;
      }
    }
    return bindings;
  }

  /** `@MessagePattern` handlers: request/reply, never on the event stream's subjects. */
  protected requestHandlers(): Array<[string, MessageHandler]> {
    const handlers = [...this.messageHandlers].filter(([, handler]) => !handler.isEventHandler);
    for (const [pattern] of handlers) {
      if (pattern === SUBJECT_ROOT || pattern.startsWith(`${SUBJECT_ROOT}.`)) {
        throw new MessagingConfigError(`request pattern ${pattern} must not start with '${SUBJECT_ROOT}.': the event stream would capture it`);
      }
    }
    return handlers;
  }

  /** Resolves when the handler succeeded; rejects with its failure otherwise. */
  protected dispatch(binding: EventBinding, ctx: MessageContext): Promise<void> {
    const transportId = this.transportId ?? messagingTransportId(this.service);
    // A processing hook is typed to return void, so its promise cannot be awaited: take the one its
    // `done` returned. Nest's default hook calls `done` at once; a hook that defers it gets a promise
    // settled later, so the handler's outcome reaches the transport either way.
    let run: Promise<void> | undefined;
    let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
    this.onProcessingStartHook(transportId, ctx, () => {
      run = this.invoke(binding, ctx, transportId);
      if (settle) run.then(settle.resolve, settle.reject);
      return run;
    });
    return run ?? new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  }

  private async invoke(binding: EventBinding, ctx: MessageContext, transportId: Transport | symbol): Promise<void> {
    const result: unknown = await binding.handler(ctx.getEvent(), ctx);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    this.onProcessingEndHook?.(transportId, ctx);
  }

  /** Per consumer: what is still to be handled (for /metrics). */
  abstract consumerPending(): Promise<ConsumerPending[]>;

  protected setStatus(status: TransportStatus): void {
    this._status$.next(status);
    this.events.emit('status', status);
  }

  on<EventKey extends keyof MessagingTransportEvents = keyof MessagingTransportEvents>(
    event: EventKey,
    callback: MessagingTransportEvents[EventKey],
  ): void {
    this.events.on(event, callback);
  }
}
