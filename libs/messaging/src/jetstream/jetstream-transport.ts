import { Logger, type LoggerService } from '@nestjs/common';
import { ServerNats } from '@nestjs/microservices';
import type { JetStreamClient, JsMsg, NatsConnection } from 'nats';
import type { PublicEvent } from '@wijkteam/contracts';
import { readPublicMessage } from '../events/public-message';
import { decodeFor } from '../handling/consume-events';
import type { DeadLetterOriginal, DeadLetterSink } from '../handling/dead-letter';
import { describeFailure, type FailureDescription, isRefusal } from '../handling/failure';
import { MessageContext } from '../handling/message-context';
import { type ConsumerPending, type EventBinding, MessagingServer } from '../handling/messaging-server';
import { resolveRetryPolicy, type RetryPolicy, retryDelayMs } from '../handling/retry-policy';
import type { Inbox } from '../inbox/inbox';
import { closeConnection } from '../util/close-connection';
import { connectNats, type NatsClientOptions, natsClientConnectionOptions } from '../module/nats-client';
import { AckCoalescer } from './ack-coalescer';
import { headersOf } from './message-headers';
import { ConsumerRunner } from './consumer-runner';
import { JetStreamDeadLetters } from './jetstream-dead-letters';
import { resolveStreamOptions, type StreamOptions } from './stream-setup';

/**
 * Messages in flight at once on a read-model consumer (see EventBinding.readModel): enough for
 * ProjectionHost to commit a rebuild's history in groups instead of a transaction per event.
 */
export const READ_MODEL_CONCURRENCY = 256;

export interface JetStreamTransportOptions {
  service: string;
  /** NATS servers, for request/reply (`@MessagePattern`) and for our own connection if none is given. */
  servers: string | string[];
  /** Credentials and TLS for the connections the transport opens itself. */
  nats?: NatsClientOptions;
  /** A shared connection for JetStream; the transport connects (and later closes) its own otherwise. */
  connection?: NatsConnection;
  stream?: StreamOptions;
  retry?: Partial<RetryPolicy>;
  /** Redelivery after a consumer died holding a message. Default 30 s. */
  ackWaitMs?: number;
  /** Messages handled at once per consumer. Default 1 (keeps order for healthy messages); a read-model consumer at least READ_MODEL_CONCURRENCY. */
  concurrency?: number;
  /** Messages pulled ahead per consumer; the next pull goes out once half of them have arrived. Default 64. */
  prefetch?: number;
  /** Enables `ctx.handleOnce(...)` in handlers. */
  inbox?: Inbox;
  logger?: LoggerService;
}

/**
 * The JetStream transport: every `@ConsumeEvents` handler becomes a durable pull consumer with explicit ack,
 * bounded retries (nak with delay) and a dead-letter subject; every `@MessagePattern` is served over
 * core NATS by Nest's own NATS server (queue group = service), so `ClientProxy` callers just work.
 */
export class JetStreamTransport extends MessagingServer {
  readonly kind = 'jetstream';
  private readonly retry: RetryPolicy;
  private readonly stream: Required<StreamOptions>;
  private readonly log: LoggerService;
  private connection: NatsConnection | undefined;
  private ownsConnection = false;
  private deadLetters: DeadLetterSink | undefined;
  /** Per consumer: dead letters stored since start. */
  private readonly deadLettered = new Map<string, number>();
  private runners: ConsumerRunner[] = [];
  private requestServer: ServerNats | undefined;
  private readonly acks = new AckCoalescer();

  constructor(private readonly options: JetStreamTransportOptions) {
    super(options.service);
    this.retry = resolveRetryPolicy(options.retry);
    this.stream = resolveStreamOptions(options.stream);
    this.log = options.logger ?? new Logger(`JetStreamTransport(${options.service})`);
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.setStatus('starting');
      const nc = await this.connect();
      const js = nc.jetstream();
      const jsm = await nc.jetstreamManager();
      this.deadLetters = new JetStreamDeadLetters(js, this.stream.name);
      const bindings = this.eventBindings();
      this.runners = bindings.map((binding) => this.runnerFor(binding, js, jsm));
      await Promise.all(this.runners.map((runner) => runner.start()));
      await this.serveRequests();
      this.setStatus('connected');
      this.log.log(`consuming ${bindings.length} handler group(s) from ${this.stream.name}`);
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.runners = [];
    this.acks.flush();
    await this.requestServer?.close();
    this.requestServer = undefined;
    if (this.ownsConnection && this.connection) await closeConnection(this.connection);
    this.connection = undefined;
    this.setStatus('closed');
  }

  unwrap<T>(): T {
    if (!this.connection) throw new Error('JetStreamTransport is not listening');
    return this.connection as T;
  }

  /** Per consumer: undelivered and unacknowledged counts (for /metrics). */
  async consumerPending(): Promise<ConsumerPending[]> {
    if (!this.connection) return [];
    const jsm = await this.connection.jetstreamManager();
    return Promise.all(
      this.eventBindings().map(async ({ consumer }) => {
        const info = await jsm.consumers.info(this.stream.name, consumer);
        return { consumer, pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered, deadLettered: this.deadLettered.get(consumer) ?? 0 };
      }),
    );
  }

  private async connect(): Promise<NatsConnection> {
    if (this.options.connection) {
      this.connection = this.options.connection;
    } else {
      this.connection = await connectNats(this.options.servers, this.service, `${this.service}-consumers`, this.options.nats);
      this.ownsConnection = true;
    }
    void this.followStatus(this.connection);
    return this.connection;
  }

  private async followStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect') this.setStatus('disconnected');
      if (status.type === 'reconnect') this.setStatus('connected');
    }
  }

  private runnerFor(binding: EventBinding, js: JetStreamClient, jsm: Awaited<ReturnType<NatsConnection['jetstreamManager']>>): ConsumerRunner {
    const concurrency = Math.max(this.options.concurrency ?? 1, binding.readModel ? READ_MODEL_CONCURRENCY : 1);
    return new ConsumerRunner({
      js,
      jsm,
      stream: this.stream,
      binding,
      settings: { ackWaitMs: this.options.ackWaitMs ?? 30_000, maxAckPending: Math.max(1_000, concurrency * 4) },
      concurrency,
      prefetch: Math.max(this.options.prefetch ?? 64, concurrency),
      handle: (b, message) => this.handle(b, message),
      logger: this.log,
    });
  }

  private async serveRequests(): Promise<void> {
    const handlers = this.requestHandlers();
    if (handlers.length === 0) return;
    const server = new ServerNats({ servers: this.options.servers, queue: this.service, name: `${this.service}-requests`, ...natsClientConnectionOptions(this.service, this.options.nats) });
    for (const [pattern, handler] of handlers) server.addHandler(pattern, handler, false, handler.extras);
    await new Promise<void>((resolve, reject) => server.listen((error?: unknown) => (error ? reject(error) : resolve())));
    this.requestServer = server;
  }

  private async handle(binding: EventBinding, message: JsMsg): Promise<void> {
    const deliveryCount = message.info.deliveryCount;
    let event: PublicEvent | undefined;
    try {
      // Decoding is deterministic: a message that does not decode as asked is dead-lettered at once.
      const headers = headersOf(message);
      event = decodeFor(binding.definitions, readPublicMessage(message.subject, (name) => headers[name], message.data));
    } catch (error) {
      return this.deadLetter(binding, message, undefined, describeFailure(error));
    }
    // Another event type on this handler group's subject pattern: not for this handler.
    if (!event) return this.acks.ack(message);
    if (deliveryCount > this.retry.maxDeliver) {
      // The final attempt never reported back (process died, or storing the dead letter failed).
      const failure = { name: 'DeliveryLimitExceeded', message: `no successful attempt in ${this.retry.maxDeliver} deliveries` };
      return this.deadLetter(binding, message, event, failure);
    }
    const ctx = new MessageContext({ subject: message.subject, consumer: binding.consumer, event, deliveryCount }, this.options.inbox);
    try {
      await this.dispatch(binding, ctx);
      this.acks.ack(message);
    } catch (error) {
      const failure = describeFailure(ctx.capturedFailure ?? error);
      if (deliveryCount >= this.retry.maxDeliver || isRefusal(ctx.capturedFailure ?? error)) return this.deadLetter(binding, message, event, failure);
      const delay = retryDelayMs(this.retry, deliveryCount);
      this.log.warn(`${binding.consumer}: event ${event.id} failed (${failure.name}${failure.code ? ` ${failure.code}` : ''}), attempt ${deliveryCount}/${this.retry.maxDeliver}, retry in ${delay} ms`);
      message.nak(delay);
    }
  }

  private async deadLetter(binding: EventBinding, message: JsMsg, event: PublicEvent | undefined, error: FailureDescription): Promise<void> {
    const deliveries = message.info.deliveryCount;
    const eventId = event?.id ?? (message.headers?.get('ce-id') || undefined);
    try {
      await this.deadLetters?.deadLetter({
        consumer: binding.consumer,
        subject: message.subject,
        eventId,
        deliveries,
        error,
        failedAt: new Date().toISOString(),
        original: originalOf(message),
      });
      // Only once the dead letter is stored: NATS 2.9 has no term reason, the dead letter is the record.
      message.term();
      this.deadLettered.set(binding.consumer, (this.deadLettered.get(binding.consumer) ?? 0) + 1);
      this.log.error(`${binding.consumer}: event ${eventId ?? `seq ${message.seq}`} dead-lettered after ${deliveries} deliveries (${error.name}${error.code ? ` ${error.code}` : ''})`);
    } catch {
      message.nak(retryDelayMs(this.retry, this.retry.maxDeliver));
    }
  }
}

/** The message as received: its headers and its data (public by construction), or its raw text. */
function originalOf(message: JsMsg): DeadLetterOriginal {
  const headers = headersOf(message);
  const text = new TextDecoder().decode(message.data);
  try {
    return { headers, data: JSON.parse(text) as unknown };
  } catch {
    return { raw: text };
  }
}
