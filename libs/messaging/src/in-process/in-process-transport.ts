import { Logger, type LoggerService } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import type { EventStore } from '@wijkteam/event-store';
import { isObservable, lastValueFrom } from 'rxjs';
import type { CheckpointStore } from '../checkpoints/checkpoint-store';
import type { Gateway } from '../events/gateway';
import { ProcessGateways } from './process-gateways';
import type { DeadLetter, DeadLetterSink } from '../handling/dead-letter';
import { type ConsumerPending, MessagingServer } from '../handling/messaging-server';
import { type RetryPolicy, resolveRetryPolicy } from '../handling/retry-policy';
import type { Inbox } from '../inbox/inbox';
import { HandlerGroup } from './handler-group';
import { InProcessRequestBus } from './in-process-request-bus';

export interface InProcessTransportOptions {
  service: string;
  store: EventStore;
  /**
   * The gateways of the services whose events the handlers may receive. Default: every gateway
   * registered in this process (each MessagingModule registers its service's own).
   */
  gateways?: readonly Gateway[];
  checkpoints: CheckpointStore;
  inbox?: Inbox;
  /** Default: 5 attempts, 0.1/0.5/2/5 s apart; the group waits meanwhile (it keeps the store's order; a read model's group applies the rest of the batch meanwhile). */
  retry?: Partial<RetryPolicy>;
  /** Default: dead letters are only logged. MessagingModule passes SqliteDeadLetters. */
  deadLetters?: DeadLetterSink;
  requestBus?: InProcessRequestBus;
  /** Events handled between checkpoint saves. Default IN_PROCESS_BATCH_SIZE; a read model's group at least IN_PROCESS_READ_MODEL_BATCH_SIZE. */
  batchSize?: number;
  logger?: LoggerService;
}

export const IN_PROCESS_BATCH_SIZE = 100;
/**
 * Store events per read batch of a read model's group, which dispatches the batch's deliveries at
 * once for ProjectionHost to commit in groups (up to 1000 each): a read model reads a few percent of
 * the store, so a batch of 100 store events would commit a handful of its events at a time.
 */
export const IN_PROCESS_READ_MODEL_BATCH_SIZE = 5000;

export const IN_PROCESS_RETRY_POLICY: RetryPolicy = { maxDeliver: 5, backoffMs: [100, 500, 2_000, 5_000] };

/**
 * The embedded default: the same `@ConsumeEvents` / `@MessagePattern` handlers as on JetStream, fed
 * from the store's own checkpointed subscription (one per handler group) through the same gateways
 * and the same decoding, with request/reply through
 * an in-process bus. No NATS server needed.
 */
export class InProcessTransport extends MessagingServer {
  readonly kind = 'in-process';
  private readonly log: LoggerService;
  private groups: HandlerGroup[] = [];
  private unregister: Array<() => void> = [];

  constructor(private readonly options: InProcessTransportOptions) {
    super(options.service);
    this.log = options.logger ?? new Logger(`InProcessTransport(${options.service})`);
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      this.setStatus('starting');
      const retry = resolveRetryPolicy(this.options.retry, IN_PROCESS_RETRY_POLICY);
      const deadLetters = this.options.deadLetters ?? this.loggingDeadLetters();
      this.groups = this.eventBindings().map(
        (binding) =>
          new HandlerGroup({
            binding,
            store: this.options.store,
            gateways: () => this.options.gateways ?? ProcessGateways.shared.all(),
            checkpoints: this.options.checkpoints,
            retry,
            deadLetters,
            inbox: this.options.inbox,
            batchSize: binding.readModel ? Math.max(this.options.batchSize ?? IN_PROCESS_BATCH_SIZE, IN_PROCESS_READ_MODEL_BATCH_SIZE) : (this.options.batchSize ?? IN_PROCESS_BATCH_SIZE),
            dispatch: (b, ctx) => this.dispatch(b, ctx),
            logger: this.log,
          }),
      );
      this.serveRequests();
      this.groups.forEach((group) => group.start());
      this.setStatus('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    this.unregister.splice(0).forEach((unregister) => unregister());
    await Promise.all(this.groups.map((group) => group.stop()));
    this.groups = [];
    this.setStatus('closed');
  }

  unwrap<T>(): T {
    return (this.options.requestBus ?? InProcessRequestBus.shared) as T;
  }

  /** Per handler group: store head minus the group's checkpoint (positions, not only matching events). */
  async consumerPending(): Promise<ConsumerPending[]> {
    return Promise.all(
      this.groups.map(async (group) => ({ consumer: group.consumer, pending: await group.lag(), ackPending: 0, redelivered: 0, deadLettered: group.deadLettered })),
    );
  }

  private serveRequests(): void {
    const bus = this.options.requestBus ?? InProcessRequestBus.shared;
    for (const [pattern, handler] of this.requestHandlers()) {
      const unregister = bus.register(this.service, pattern, async (payload) => {
        // The same context type Nest's NATS server gives request handlers: subject and (no) headers.
        const result: unknown = await handler(payload, new NatsContext([pattern, undefined]));
        return isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result;
      });
      this.unregister.push(unregister);
    }
  }

  private loggingDeadLetters(): DeadLetterSink {
    return {
      deadLetter: async (letter: DeadLetter) => {
        this.log.error(`${letter.consumer}: no dead-letter store configured; event ${letter.eventId} skipped (${letter.error.name})`);
      },
    };
  }
}
