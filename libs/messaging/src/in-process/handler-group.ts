import type { LoggerService } from '@nestjs/common';
import { type EventStore, type RecordedEvent, UnreadableEvent } from '@wijkteam/event-store';
import type { CheckpointStore } from '../checkpoints/checkpoint-store';
import type { PublicEvent } from '@wijkteam/contracts';
import { type Gateway, GatewayRefused, type GatewayRoute } from '../events/gateway';
import { type PublicMessage, readPublicMessage, toPublicMessage } from '../events/public-message';
import { subjectMatches } from '../events/subjects';
import { decodeFor } from '../handling/consume-events';
import type { DeadLetter, DeadLetterSink } from '../handling/dead-letter';
import { describeFailure, isRefusal } from '../handling/failure';
import { MessageContext } from '../handling/message-context';
import type { EventBinding } from '../handling/messaging-server';
import { type RetryPolicy, retryDelayMs } from '../handling/retry-policy';
import type { Inbox } from '../inbox/inbox';
import { batches } from '../util/batches';
import { backoffMs, sleep } from '../util/sleep';

export interface HandlerGroupOptions {
  binding: EventBinding;
  store: EventStore;
  /** The gateways of every service in the process: the publisher of each event translates it, as its relay would. */
  gateways: () => readonly Gateway[];
  checkpoints: CheckpointStore;
  retry: RetryPolicy;
  deadLetters: DeadLetterSink;
  inbox?: Inbox;
  batchSize: number;
  dispatch: (binding: EventBinding, ctx: MessageContext) => Promise<void>;
  logger: LoggerService;
}

class Stopped extends Error {}

/** Positions skipped (events of no interest) before the checkpoint is written anyway. */
const SKIP_SAVE_DISTANCE = 1_000n;

/**
 * One in-process handler group: the store's own subscription from the group's checkpoint; each
 * event its publisher's gateway makes public on a subject the group wants is turned into the same
 * message the relay would publish and decoded as the JetStream transport decodes it, then handed to
 * the handler with the same context, retries and dead letters as on JetStream, and the checkpoint saved after each batch. A crash between effect and checkpoint means
 * a redelivery, which the inbox turns into a no-op. A read model's group hands the whole batch over
 * at once, in order (EventBinding.readModel), so its effects commit together; an event that fails
 * waits out its retries while the rest of the batch is applied, as a nak'd message does on JetStream.
 */
export class HandlerGroup {
  readonly checkpointName: string;
  private readonly stopped = new AbortController();
  private loop: Promise<void> | undefined;
  /** Last position handled (or skipped), saved or not: lag is measured from here. */
  private position: bigint | undefined;
  /** Dead letters stored since start. */
  deadLettered = 0;

  constructor(private readonly options: HandlerGroupOptions) {
    this.checkpointName = `consumer:${options.binding.consumer}`;
  }

  get consumer(): string {
    return this.options.binding.consumer;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    await this.loop;
  }

  async lag(): Promise<number> {
    const head = await this.options.store.headPosition();
    const done = this.position ?? (await this.options.checkpoints.load(this.checkpointName)) ?? 0n;
    return head > done ? Number(head - done) : 0;
  }

  private async run(): Promise<void> {
    const { signal } = this.stopped;
    let attempt = 0;
    while (!signal.aborted) {
      try {
        await this.follow(signal);
        attempt = 0;
      } catch (error) {
        if (signal.aborted) break;
        this.options.logger.warn(`${this.options.binding.consumer}: subscription failed (${describeFailure(error).name}); resuming from checkpoint`);
        await sleep(backoffMs(attempt++), signal);
      }
    }
  }

  /**
   * Reads every event (the SQLite store filters in JavaScript anyway) so the group's position moves
   * past events of no interest too; the checkpoint is written after a batch that delivered something,
   * or once far enough ahead, not for every skipped event of every other service.
   */
  private async follow(signal: AbortSignal): Promise<void> {
    const { store, checkpoints, binding, batchSize } = this.options;
    const from = await checkpoints.load(this.checkpointName);
    const subscription = store.subscribeToAll({ fromPosition: from ?? 'start', signal });
    let saved = from ?? 0n;
    this.position = from;
    const save = async (): Promise<void> => {
      if (this.position === undefined || this.position === saved) return;
      await checkpoints.save(this.checkpointName, this.position);
      saved = this.position;
    };
    try {
      for await (const batch of batches(subscription, batchSize)) {
        let delivered = false;
        const inFlight: Promise<void>[] = [];
        for (const event of batch) {
          const found = this.routeOf(event);
          if (found && subjectMatches(binding.pattern, found.route.definition.channel)) {
            // A read model's handler queues its effect before its first await (EventBinding.readModel):
            // the whole batch is dispatched in order and committed in groups; the position moves once all are done.
            const delivery = this.deliver(event, found.gateway, found.route, signal);
            if (binding.readModel) inFlight.push(delivery);
            else await delivery;
            delivered = true;
          }
          if (!binding.readModel) this.position = event.position;
        }
        if (binding.readModel) {
          const failure = (await Promise.allSettled(inFlight)).find((outcome) => outcome.status === 'rejected');
          if (failure) throw failure.reason;
          this.position = batch[batch.length - 1].position;
        }
        if (delivered || (this.position ?? 0n) - saved >= SKIP_SAVE_DISTANCE) await save();
      }
    } catch (error) {
      if (error instanceof UnreadableEvent) {
        // Everything before it was handed out and handled (the subscription yields it first).
        await this.skipUnreadable(error);
        return;
      }
      if (!(error instanceof Stopped)) throw error;
    } finally {
      await subscription.close();
      await save();
    }
  }

  /**
   * A stored record that is not an event at all (written past the store's API): dead-lettered with
   * its position and reason when it is on a subject this group wants, and passed either way, so the
   * group goes on instead of failing on it at every resume. The store keeps it untouched (append-only).
   */
  private async skipUnreadable(unreadable: UnreadableEvent): Promise<void> {
    const found = this.routeOf(unreadable);
    if (found && subjectMatches(this.options.binding.pattern, found.route.definition.channel)) {
      const { position, eventId, type, reason } = unreadable;
      await this.deadLetter({
        subject: found.route.definition.channel,
        eventId,
        position: position.toString(),
        deliveries: 1,
        error: { name: unreadable.name, code: unreadable.code, message: reason },
        original: { unreadable: { eventId, type, reason } },
      });
    }
    this.position = unreadable.position;
  }

  private routeOf(event: Pick<RecordedEvent, 'type' | 'streamName'>): { gateway: Gateway; route: GatewayRoute } | undefined {
    for (const gateway of this.options.gateways()) {
      const route = gateway.routeOf(event);
      if (route) return { gateway, route };
    }
    return undefined;
  }

  private async deliver(recorded: RecordedEvent, gateway: Gateway, route: GatewayRoute, signal: AbortSignal): Promise<void> {
    const { binding, retry, inbox, dispatch, logger } = this.options;
    const subject = route.definition.channel;
    let message: PublicMessage;
    try {
      message = toPublicMessage(route.definition, gateway.publish(recorded, route) as PublicEvent);
    } catch (error) {
      if (!(error instanceof GatewayRefused)) throw error;
      return this.deadLetter({ subject, eventId: recorded.id, deliveries: 1, error: describeFailure(error), original: { refused: error.refusal } });
    }
    let event: PublicEvent | undefined;
    try {
      // The same decoding as from the wire: headers and body, not the object the gateway built.
      event = decodeFor(binding.definitions, readPublicMessage(subject, (name) => message.headers[name], message.body));
    } catch (error) {
      return this.deadLetter({ subject, eventId: recorded.id, deliveries: 1, error: describeFailure(error), original: { headers: message.headers, data: JSON.parse(new TextDecoder().decode(message.body)) as unknown } });
    }
    if (!event) return;
    for (let attempt = 1; ; attempt += 1) {
      const ctx = new MessageContext({ subject, consumer: binding.consumer, event, deliveryCount: attempt }, inbox);
      try {
        return await dispatch(binding, ctx);
      } catch (error) {
        const failure = describeFailure(ctx.capturedFailure ?? error);
        if (attempt >= retry.maxDeliver || isRefusal(ctx.capturedFailure ?? error)) {
          return this.deadLetter({ subject, eventId: event.id, deliveries: attempt, error: failure, original: { headers: message.headers, data: event.data } });
        }
        const delay = retryDelayMs(retry, attempt);
        logger.warn(`${binding.consumer}: event ${event.id} failed (${failure.name}), attempt ${attempt}/${retry.maxDeliver}, retry in ${delay} ms`);
        await sleep(delay, signal);
        if (signal.aborted) throw new Stopped();
      }
    }
  }

  private async deadLetter(letter: Omit<DeadLetter, 'consumer' | 'failedAt'>): Promise<void> {
    const { binding, deadLetters, logger } = this.options;
    await deadLetters.deadLetter({ ...letter, consumer: binding.consumer, failedAt: new Date().toISOString() });
    this.deadLettered += 1;
    logger.error(`${binding.consumer}: event ${letter.eventId} dead-lettered after ${letter.deliveries} attempt(s) (${letter.error.name}${letter.error.code ? ` ${letter.error.code}` : ''})`);
  }
}
