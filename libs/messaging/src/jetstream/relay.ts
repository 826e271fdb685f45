import { Logger, type LoggerService } from '@nestjs/common';
import { type EventFilter, type EventStore, type RecordedEvent, UnreadableEvent } from '@wijkteam/event-store';
import type { JetStreamManager, NatsConnection, StreamInfo } from 'nats';
import type { CheckpointStore } from '../checkpoints/checkpoint-store';
import { type Gateway, type GatewayRoute, GatewayRefused } from '../events/gateway';
import { toPublicMessage } from '../events/public-message';
import type { DeadLetter } from '../handling/dead-letter';
import { describeFailure } from '../handling/failure';
import { MessagingConfigError } from '../handling/messaging-server';
import { batches } from '../util/batches';
import { backoffMs, sleep } from '../util/sleep';
import { AckedPublisher, type OutgoingMessage } from './acked-publisher';
import { JetStreamDeadLetters } from './jetstream-dead-letters';
import { type LeaseOptions, RelayLease } from './relay-lease';
import { ensureStream, isNotFound, resolveStreamOptions, type StreamOptions } from './stream-setup';
import { WindowCheckpoints } from './window-checkpoints';
import { inboxPrefixOf } from '../module/nats-client';

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
  /** How often an active relay checks that its stream is still the one it published to. Default 5 s. */
  streamCheckMs?: number;
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
  /** Events dead-lettered instead of published: unreadable records and events the gateway refused. */
  deadLettered: number;
  /** Times the stream turned out recreated (its messages lost) and the store was republished into it. */
  streamResets: number;
  checkpoint: string | undefined;
}

interface Activation {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Follows the store's global order from its checkpoint, passes each event through the service's
 * gateway and publishes the public events to `jeugd.<service>.<EventType>` as CloudEvents (headers),
 * with `Nats-Msg-Id` = event id. An event the gateway refuses or fails on, and a stored record of the
 * service that cannot be read at all, go to `jeugd.dlq.relay-<service>` with ids, position and codes
 * only, and the relay moves on. Windows: a window is published concurrently, all PubAcks awaited,
 * then the checkpoint moves to the window's last event. A crash anywhere means a republish from the
 * checkpoint, which JetStream's duplicate window (and the consumers' inboxes) absorb.
 * The store is the source of truth for the stream: the relay remembers the creation time of the
 * stream it publishes to (beside its checkpoint) and checks it at every pass and every
 * `streamCheckMs`; a stream that was deleted or recreated (NATS storage lost) is republished from the
 * start of the store, since the relay cannot know what the consumers had read of the lost one.
 * Only the replica holding the service's lease publishes.
 */
export class Relay {
  readonly checkpointName: string;
  /** Where the relay remembers the stream it publishes to: its `created` time in ns since the epoch. */
  private readonly streamMarkName: string;
  private readonly lease: RelayLease;
  private publisher: AckedPublisher | undefined;
  private deadLetters: JetStreamDeadLetters | undefined;
  private readonly publishTimeoutMs: number;
  private readonly streamCheckMs: number;
  private streamCreated: bigint | undefined;
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
  private deadLettered = 0;
  private streamResets = 0;

  constructor(private readonly options: RelayOptions) {
    if (options.gateway.service !== options.service) throw new MessagingConfigError(`the relay of ${options.service} cannot publish through the gateway of ${options.gateway.service}`);
    this.checkpointName = `relay:${options.service}`;
    this.streamMarkName = `relay:${options.service}:stream-created`;
    this.lease = new RelayLease(options.connection, options.service, options.lease);
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5_000;
    this.streamCheckMs = options.streamCheckMs ?? 5_000;
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
   * Republish everything after `afterPosition` (exclusive, like a checkpoint), e.g. after NATS was
   * restored from a backup: that keeps the stream's creation time, so it is not detected as a
   * recreated stream is. Applied between windows; resolves once the relay reads from there.
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
      deadLettered: this.deadLettered,
      streamResets: this.streamResets,
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
    await this.republishIfStreamReset(await ensureStream(this.jsm, this.options.stream));
    const pass = new AbortController();
    this.pass = pass;
    const onInactive = (): void => pass.abort();
    active.addEventListener('abort', onInactive, { once: true });
    // Also while caught up and idle: a consumer may recreate the stream without the relay publishing.
    const watch = setInterval(() => void this.endPassIfStreamChanged(pass), this.streamCheckMs);
    this.checkpoint = await this.options.checkpoints.load(this.checkpointName);
    const subscription = this.options.store.subscribeToAll({
      fromPosition: this.checkpoint ?? 'start',
      filter: this.options.storeFilter,
      signal: pass.signal,
    });
    // Two windows in flight: the next one is read and sent while the acks of the last are awaited.
    const windows = new WindowCheckpoints(this.checkpoint, (position) => this.writeCheckpoint(position));
    try {
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
      } catch (error) {
        if (!(error instanceof UnreadableEvent)) throw error;
        // Everything before it is published (the subscription yields it first) and its checkpoint
        // written, so no deferred save can move the checkpoint back behind the skip.
        await windows.settled();
        await windows.close();
        await this.skipUnreadable(error);
        return;
      }
      await windows.settled();
    } finally {
      clearInterval(watch);
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
    const refused: Array<{ error: GatewayRefused; position: bigint }> = [];
    for (const event of events) {
      const route = gateway.routeOf(event);
      if (!route) continue;
      try {
        const { subject, headers, body } = toPublicMessage(route.definition, gateway.publish(event, route) as NonNullable<ReturnType<Gateway['publish']>>);
        messages.push({ subject, data: body, msgId: event.id, headers });
      } catch (error) {
        // A translation is pure: what throws on an event now throws on it every time.
        refused.push({ error: error instanceof GatewayRefused ? error : failedTranslation(event, route), position: event.position });
      }
    }
    // Dead letters before the checkpoint moves past them; deduplicated per event on a republish.
    await Promise.all(refused.map(({ error, position }) => this.deadLetter(error, position)));
    if (messages.length === 0) return;
    this.published += messages.length;
    this.publisher ??= new AckedPublisher(this.options.connection, inboxPrefixOf(this.options.service));
    const acks = await this.publisher.publishWindow(messages, this.streamName, this.publishTimeoutMs);
    this.ackCount += acks.length;
    this.duplicates += acks.filter((ack) => ack.duplicate).length;
  }

  private async deadLetter(error: GatewayRefused, position: bigint): Promise<void> {
    const { refusal } = error;
    await this.sendDeadLetter({
      subject: `jeugd.${this.options.service}.${refusal.type}`,
      eventId: refusal.eventId,
      position: position.toString(),
      error: describeFailure(error),
      original: { refused: refusal },
    });
    this.logger.error(`event ${refusal.eventId} at position ${position} (${refusal.type} v${refusal.schemaVersion}) not published: ${refusal.field || '(data)'} ${refusal.issue}; dead-lettered`);
  }

  /**
   * A record of the store that is not an event at all: dead-lettered if it is this service's to
   * publish (other relays reading the same store leave it to its owner), and the checkpoint moves
   * past it. The store keeps it untouched (append-only); the dead letter says where it is and why.
   */
  private async skipUnreadable(unreadable: UnreadableEvent): Promise<void> {
    const route = this.options.gateway.routeOf(unreadable);
    if (route) {
      const { position, eventId, type, reason } = unreadable;
      await this.sendDeadLetter({
        subject: route.definition.channel,
        eventId,
        position: position.toString(),
        error: { name: unreadable.name, code: unreadable.code, message: reason },
        original: { unreadable: { eventId, type, reason } },
      });
      this.logger.error(`stored record ${eventId} at position ${position} (${type}) not published: ${unreadable.code} ${reason}; dead-lettered`);
    }
    await this.writeCheckpoint(unreadable.position);
  }

  private async sendDeadLetter(letter: Omit<DeadLetter, 'consumer' | 'deliveries' | 'failedAt'>): Promise<void> {
    this.deadLetters ??= new JetStreamDeadLetters(this.options.connection.jetstream(), this.streamName);
    await this.deadLetters.deadLetter({ consumer: `relay-${this.options.service}`, deliveries: 1, failedAt: new Date().toISOString(), ...letter });
    this.deadLettered += 1;
  }

  /**
   * Compares the stream with the one the relay remembers. Recreated (NATS lost its storage, or
   * someone deleted it): whatever the lost stream held is gone for consumers that had not read it,
   * and the relay cannot know how far each one got. So it republishes from the start of the store,
   * the source of truth; the consumers' inboxes and idempotent deciders absorb what they had seen.
   * The checkpoint is reset before the new stream is remembered: a crash in between repeats the reset.
   */
  private async republishIfStreamReset(info: StreamInfo): Promise<void> {
    const created = createdNanos(info.created);
    const remembered = this.streamCreated ?? (await this.options.checkpoints.load(this.streamMarkName));
    if (remembered !== undefined && remembered !== created) {
      await this.writeCheckpoint('start');
      this.streamResets += 1;
      this.logger.warn(`stream ${info.config.name} was recreated since the relay last published to it (created ${info.created}): republishing from the start of the store`);
    }
    if (remembered !== created) await this.options.checkpoints.save(this.streamMarkName, created);
    this.streamCreated = created;
  }

  /** Ends the pass when the stream is gone or another one; the next pass checks and republishes. */
  private async endPassIfStreamChanged(pass: AbortController): Promise<void> {
    if (!this.jsm || pass.signal.aborted) return;
    try {
      const info = await this.jsm.streams.info(this.streamName);
      if (createdNanos(info.created) !== this.streamCreated) pass.abort();
    } catch (error) {
      // NATS unreachable: publishing fails on its own, and the pass after it checks again.
      if (isNotFound(error)) pass.abort();
    }
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

function failedTranslation(event: RecordedEvent, route: GatewayRoute): GatewayRefused {
  const { definition } = route;
  return new GatewayRefused({ eventId: event.id, type: definition.type, schemaVersion: definition.version, field: '', issue: 'translation_failed' });
}

/** JetStream's `created` (RFC 3339 with nanoseconds) as ns since the epoch: exact, and a bigint like a checkpoint. */
export function createdNanos(created: string): bigint {
  const fraction = /\.(\d+)Z$/.exec(created)?.[1] ?? '';
  const seconds = Date.parse(created.replace(/\.\d+Z$/, 'Z')) / 1000;
  if (!Number.isInteger(seconds)) throw new MessagingConfigError('stream info without a valid created time');
  return BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9));
}
