import type { JsMsg } from 'nats';

/**
 * Sends acks in bursts, once per event-loop turn, instead of one socket write per message: nats.js
 * flushes its outbound buffer on the next microtask, so acks of messages handled one after another
 * would each cost a write (the top item in the consumer's profile). Delaying an ack by one turn
 * changes nothing for correctness: an ack lost with a crash means a redelivery, which the inbox absorbs.
 */
export class AckCoalescer {
  private pending: JsMsg[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  ack(message: JsMsg): void {
    this.pending.push(message);
    this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const burst = this.pending;
    this.pending = [];
    for (const message of burst) message.ack();
  }
}
