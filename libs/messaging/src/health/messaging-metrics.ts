import type { ConsumerPending, MessagingServer, TransportKind } from '../handling/messaging-server';
import type { Relay, RelayMetrics } from '../jetstream/relay';

export interface MessagingMetricsSnapshot {
  service: string;
  transport: TransportKind;
  /** Only where this process runs a relay (jetstream mode); the in-process transport needs none. */
  relay?: RelayMetrics & { lag: number };
  consumers: ConsumerPending[];
}

/** Plain figures for /metrics: relay lag (store head − checkpoint) and per-consumer pending counts. */
export class MessagingMetrics {
  constructor(
    private readonly transport: MessagingServer,
    private readonly relay?: Relay,
  ) {}

  get service(): string {
    return this.transport.service;
  }

  async relayLag(): Promise<number | undefined> {
    return this.relay?.lag();
  }

  consumerPending(): Promise<ConsumerPending[]> {
    return this.transport.consumerPending();
  }

  async snapshot(): Promise<MessagingMetricsSnapshot> {
    const [lag, consumers] = await Promise.all([this.relayLag(), this.consumerPending()]);
    return {
      service: this.transport.service,
      transport: this.transport.kind,
      ...(this.relay && lag !== undefined ? { relay: { ...this.relay.metrics(), lag } } : {}),
      consumers,
    };
  }
}
