import { Logger, type LoggerService } from '@nestjs/common';
import type { EventFilter, EventStore, RecordedEvent } from '@wijkteam/event-store';
import type { JetStreamManager, NatsConnection } from 'nats';
import type { CheckpointStore } from '../checkpoints/checkpoint-store';
import { type Gateway, GatewayRefused } from '../events/gateway';
import { toPublicMessage } from '../events/public-message';
import { describeFailure } from '../handling/failure';
import { MessagingConfigError } from '../handling/messaging-server';
import { batches } from '../util/batches';
import { backoffMs, sleep } from '../util/sleep';
import { AckedPublisher, type OutgoingMessage } from './acked-publisher';
import { JetStreamDeadLetters } from './jetstream-dead-letters';
import { type LeaseOptions, RelayLease } from './relay-lease';
import { ensureStream, resolveStreamOptions, type StreamOptions } from './stream-setup';
import { WindowCheckpoints } from './window-checkpoints';

export interface RelayOptions {
  service: string;
  store: EventStore;
  checkpoints: CheckpointStore;
  connection: NatsConnection;
  /** The service's gateway: which stored events become which public events (libs/contracts definitions). */
  gateway: Gateway;
  /**
   * Optional store-side pre-filter (e.g. the service's stream prefixes). Without it the relay reads
   * every event and its checkpoint passes private ones too, so `lag()` is exact; with it, lag counts
   * positions of other services' events after the last public one until the next public event.
   */
  storeFilter?: EventFilter;
  stream?: StreamOptions;
  /** Events read and published per window (published concurrently, acks awaited together). Default 256. */
  windowSize?: number;
  publishTimeoutMs?: number;
  lease?: LeaseOptions;
  logger?: LoggerService;
}

export interface RelayMetrics {
  service: string;
  active: boolean;
  /** Publish calls made by this replica (including republishes after a failure). */
  published: number;
  /** PubAcks received (JetStream stored the message, or already had it). */
  acked: number;
  /** PubAcks that reported a duplicate: JetStream dropped a republish. */
  duplicates: number;
  checkpoint: string | undefined;
}

interface Activation {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Follows the store's global order from its checkpoint, passes each event through the service's
 * gateway and publishes the public events to `jeugd.<service>.<EventType>` as CloudEvents (headers),
 * with `Nats-Msg-Id` = event id. An event the gateway refuses (its data breaks the schema) goes to
 * `jeugd.dlq.relay-<service>` with ids and the field at fault only, and the relay moves on. Windows: a window is published concurrently,
 * all PubAcks awaited, then the checkpoint moves to the window's last event. A crash anywhere means a
 * republish from the checkpoint, which JetStream's duplicate window (and the consumers' inboxes) absorb.
 * Only the replica holding the service's lease publishes.
 */
export class Relay {
  readonly checkpointName: string;
  private readonly lease: RelayLease;
  private publisher: AckedPublisher | undefined;
  private deadLetters: JetStreamDeadLetters | undefined;
  private readonly publishTimeoutMs: number;
  private readonly logger: LoggerService;
  private readonly windowSize: number;
  private readonly streamName: string;
  private jsm: JetStreamManager | undefined;
  private running: { controller: AbortController; done: Promise<void> } | undefined;
  private activation: Activation | undefined;
  private transitions: Promise<void> = Promise.resolve();
  private pass: AbortController | undefined;
  private rewindTo: { after: bigint | 'start'; applied: () => void } | undefined;
  private checkpoint: bigint | undefined;
  private published = 0;
  private duplicates = 0;
  private ackCount = 0;

  constructor(private readonly options: RelayOptions) {
    if (options.gateway.service !== options.service) throw new MessagingConfigError(`the relay of ${options.service} cannot publish through the gateway of ${options.gateway.service}`);
    this.checkpointName = `relay:${options.service}`;
    this.lease = new RelayLease(options.connection, options.service, options.lease);
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
    this.logger = options.logger ?? new Logger(`Relay(${options.service})`);
    this.windowSize = options.windowSize ?? 256;
    this.streamName = resolveStreamOptions(options.stream).name;
  }

  get isActive(): boolean {
    return this.lease.isHeld() && this.activation !== undefined;
  }

  get holderId(): string {
    return this.lease.holderId;
  }

  start(): void {
    if (this.running) return;
    const controller = new AbortController();
    this.running = { controller, done: this.run(controller.signal) };
  }

  /** Stops publishing and hands the lease over at once. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
    this.running = undefined;
    this.publisher?.close();
    this.publisher = undefined;
    await this.lease.release();
  }

  /**
   * Republish everything after `afterPosition` (exclusive, like a checkpoint), e.g. after JetStream's
   * storage was lost. Applied between windows; resolves once the relay reads from there.
   */
  async rewind(afterPosition: bigint | 'start'): Promise<void> {
    if (!this.activation) return this.writeCheckpoint(afterPosition);
    await new Promise<void>((applied) => {
      this.rewindTo = { after: afterPosition, applied };
      this.pass?.abort();
    });
  }

  metrics(): RelayMetrics {
    return {
      service: this.options.service,
      active: this.isActive,
      published: this.published,
      acked: this.ackCount,
      duplicates: this.duplicates,
      checkpoint: this.checkpoint?.toString(),
    };
  }

  /** Store head minus checkpoint: how many positions the relay is behind. */
  async lag(): Promise<number> {
    const [head, checkpoint] = await Promise.all([this.options.store.headPosition(), this.options.checkpoints.load(this.checkpointName)]);
    const behind = head - (checkpoint ?? 0n);
    return behind > 0n ? Number(behind) : 0;
  }

  /** The replica id stored in the lease bucket (diagnostics, tests). */
  currentLeaseHolder(): Promise<string | undefined> {
    return this.lease.currentHolder();
  }

  private async run(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        await this.lease.keep(signal, (held) => {
          // Serialised: a lease regained while the last activation is still winding down must wait
          // for it, or it would find the old one and not start.
          this.transitions = this.transitions.then(() => (held ? this.activate(signal) : this.deactivate()));
        });
      } catch (error) {
        this.logger.error(`lease keeping failed: ${describeFailure(error).message}`);
        await sleep(backoffMs(attempt++, 1_000, 30_000), signal);
      }
    }
    this.transitions = this.transitions.then(() => this.deactivate());
    await this.transitions;
  }

  private activate(stopped: AbortSignal): void {
    if (this.activation || stopped.aborted) return;
    const controller = new AbortController();
    stopped.addEventListener('abort', () => controller.abort(), { once: true });
    this.logger.log(`active (lease held by ${this.lease.holderId})`);
    this.activation = { controller, done: this.publishWhileActive(controller.signal) };
  }

  private async deactivate(): Promise<void> {
    const activation = this.activation;
    if (!activation) return;
    activation.controller.abort();
    this.pass?.abort();
    await activation.done;
    this.activation = undefined;
    // A rewind asked for while no pass was running (backing off) must not wait for the next activation.
    await this.applyRewind();
    this.logger.log('standing by (lease not held)');
  }

  private async publishWhileActive(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      // The lease can lapse by our own clock before the keeper hears back from NATS: wait, don't leave.
      if (!this.lease.isHeld()) {
        await sleep(this.lease.intervalMs, signal);
        continue;
      }
      try {
        await this.publishOnePass(signal);
        attempt = 0;
      } catch (error) {
        const failure = describeFailure(error);
        this.logger.warn(`publishing failed, retrying from checkpoint: ${failure.name} ${failure.message}`);
        await sleep(backoffMs(attempt++), signal);
      }
    }
  }

  /** Reads from the checkpoint and publishes until the subscription ends (lease lost, rewind, stop). */
  private async publishOnePass(active: AbortSignal): Promise<void> {
    await this.applyRewind();
    this.jsm ??= await this.options.connection.jetstreamManager();
    // Every pass: the stream may have been deleted or wiped since the last one.
    await ensureStream(this.jsm, this.options.stream);
    const pass = new AbortController();
    this.pass = pass;
    const onInactive = (): void => pass.abort();
    active.addEventListener('abort', onInactive, { once: true });
    this.checkpoint = await this.options.checkpoints.load(this.checkpointName);
    const subscription = this.options.store.subscribeToAll({
      fromPosition: this.checkpoint ?? 'start',
      filter: this.options.storeFilter,
      signal: pass.signal,
    });
    // Two windows in flight: the next one is read and sent while the acks of the last are awaited.
    const windows = new WindowCheckpoints(this.checkpoint, (position) => this.writeCheckpoint(position));
    try {
      for await (const window of batches(subscription, this.windowSize)) {
        // Fencing: never publish a window on a lease we can no longer vouch for.
        if (!this.lease.isHeld() || this.rewindTo) return;
        const sent = this.publishWindow(window);
        // A failed window ends the pass at once: live, no next window would come to surface the
        // failure, and the relay would sit on unacknowledged events until the next append.
        sent.catch(() => pass.abort());
        await windows.add(sent, window[window.length - 1].position, window.length < this.windowSize);
      }
      await windows.settled();
    } finally {
      active.removeEventListener('abort', onInactive);
      pass.abort();
      await windows.close();
      await subscription.close();
      await this.applyRewind();
    }
  }

  private async publishWindow(events: RecordedEvent[]): Promise<void> {
    const { gateway } = this.options;
    const messages: OutgoingMessage[] = [];
    const refused: GatewayRefused[] = [];
    for (const event of events) {
      const route = gateway.routeOf(event);
      if (!route) continue;
      try {
        const { subject, headers, body } = toPublicMessage(route.definition, gateway.publish(event, route) as NonNullable<ReturnType<Gateway['publish']>>);
        messages.push({ subject, data: body, msgId: event.id, headers });
      } catch (error) {
        if (!(error instanceof GatewayRefused)) throw error;
        refused.push(error);
      }
    }
    // Dead letters before the checkpoint moves past them; deduplicated per event on a republish.
    await Promise.all(refused.map((refusal) => this.deadLetter(refusal)));
    if (messages.length === 0) return;
    this.published += messages.length;
    this.publisher ??= new AckedPublisher(this.options.connection);
    const acks = await this.publisher.publishWindow(messages, this.streamName, this.publishTimeoutMs);
    this.ackCount += acks.length;
    this.duplicates += acks.filter((ack) => ack.duplicate).length;
  }

  private async deadLetter(error: GatewayRefused): Promise<void> {
    this.deadLetters ??= new JetStreamDeadLetters(this.options.connection.jetstream(), this.streamName);
    const { refusal } = error;
    await this.deadLetters.deadLetter({
      consumer: `relay-${this.options.service}`,
      subject: `jeugd.${this.options.service}.${refusal.type}`,
      eventId: refusal.eventId,
      deliveries: 1,
      error: describeFailure(error),
      failedAt: new Date().toISOString(),
      original: { refused: refusal },
    });
    this.logger.error(`event ${refusal.eventId} (${refusal.type} v${refusal.schemaVersion}) not published: ${refusal.field || '(data)'} ${refusal.issue}; dead-lettered`);
  }

  private async applyRewind(): Promise<void> {
    const rewind = this.rewindTo;
    if (!rewind) return;
    this.rewindTo = undefined;
    await this.writeCheckpoint(rewind.after);
    this.logger.log(`rewound to ${String(rewind.after)}`);
    rewind.applied();
  }

  private async writeCheckpoint(position: bigint | 'start'): Promise<void> {
    if (position === 'start') {
      await this.options.checkpoints.reset(this.checkpointName);
      this.checkpoint = undefined;
    } else {
      await this.options.checkpoints.save(this.checkpointName, position);
      this.checkpoint = position;
    }
  }
}
