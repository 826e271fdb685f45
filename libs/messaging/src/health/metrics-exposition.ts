import { Counter, Gauge, type Registry } from 'prom-client';
import type { MessagingMetrics, MessagingMetricsSnapshot } from './messaging-metrics';

/** A scrape must answer even when NATS does not: each service's figures get this long. */
const DEFAULT_TIMEOUT_MS = 2_000;

type Labels = Record<string, string>;
type Read = { service: string; snapshot: MessagingMetricsSnapshot | undefined };
type Samples = (read: Read) => Array<[Labels, number]>;

const relay = (value: (relay: NonNullable<MessagingMetricsSnapshot['relay']>) => number): Samples => ({ service, snapshot }) =>
  snapshot?.relay ? [[{ service }, value(snapshot.relay)]] : [];
const consumers = (value: (consumer: MessagingMetricsSnapshot['consumers'][number]) => number): Samples => ({ service, snapshot }) =>
  (snapshot?.consumers ?? []).map((consumer) => [{ service, consumer: consumer.consumer }, value(consumer)]);

const FAMILIES: Array<{ name: string; type: 'gauge' | 'counter'; help: string; labelNames: string[]; samples: Samples }> = [
  {
    name: 'wijkteam_messaging_transport_info',
    type: 'gauge',
    help: 'The transport feeding the service handlers (jetstream, or in-process in the embedded default); always 1.',
    labelNames: ['service', 'transport'],
    samples: ({ service, snapshot }) => (snapshot ? [[{ service, transport: snapshot.transport }, 1]] : []),
  },
  {
    name: 'wijkteam_messaging_metrics_ok',
    type: 'gauge',
    help: '1 when the figures below could be read for this service, 0 when not (e.g. NATS unreachable).',
    labelNames: ['service'],
    samples: ({ service, snapshot }) => [[{ service }, snapshot ? 1 : 0]],
  },
  {
    name: 'wijkteam_relay_active',
    type: 'gauge',
    help: '1 when this replica holds the relay lease and publishes the service events, 0 on a standby replica.',
    labelNames: ['service'],
    samples: relay((r) => (r.active ? 1 : 0)),
  },
  {
    name: 'wijkteam_relay_lag_events',
    type: 'gauge',
    help: 'Store positions after the relay checkpoint (store head minus checkpoint): events not yet published and acknowledged.',
    labelNames: ['service'],
    samples: relay((r) => r.lag),
  },
  {
    name: 'wijkteam_relay_published_total',
    type: 'counter',
    help: 'Publish calls of this replica relay since start, republishes after a failure included.',
    labelNames: ['service'],
    samples: relay((r) => r.published),
  },
  {
    name: 'wijkteam_relay_acked_total',
    type: 'counter',
    help: 'PubAcks received by this replica relay since start (JetStream stored the event, or already had it).',
    labelNames: ['service'],
    samples: relay((r) => r.acked),
  },
  {
    name: 'wijkteam_relay_duplicates_total',
    type: 'counter',
    help: 'PubAcks reporting a duplicate since start: JetStream dropped a republished event.',
    labelNames: ['service'],
    samples: relay((r) => r.duplicates),
  },
  {
    name: 'wijkteam_relay_dead_lettered_total',
    type: 'counter',
    help: 'Events this replica relay dead-lettered instead of publishing since start: stored records it cannot read, events its gateway refused or failed on.',
    labelNames: ['service'],
    samples: relay((r) => r.deadLettered),
  },
  {
    name: 'wijkteam_relay_stream_resets_total',
    type: 'counter',
    help: 'Times since start this replica relay found its stream recreated (messages lost) and republished the store from the start.',
    labelNames: ['service'],
    samples: relay((r) => r.streamResets),
  },
  {
    name: 'wijkteam_consumer_pending',
    type: 'gauge',
    help: 'Per handler group: not yet handled. JetStream: messages not yet delivered; in-process: store positions after the group checkpoint.',
    labelNames: ['service', 'consumer'],
    samples: consumers((c) => c.pending),
  },
  {
    name: 'wijkteam_consumer_ack_pending',
    type: 'gauge',
    help: 'Per handler group: delivered but not yet acknowledged (in flight or waiting out a retry delay); always 0 in-process.',
    labelNames: ['service', 'consumer'],
    samples: consumers((c) => c.ackPending),
  },
  {
    name: 'wijkteam_consumer_redelivered',
    type: 'gauge',
    help: 'Per handler group: messages delivered more than once and not yet acknowledged; always 0 in-process.',
    labelNames: ['service', 'consumer'],
    samples: consumers((c) => c.redelivered),
  },
  {
    name: 'wijkteam_consumer_dead_lettered_total',
    type: 'counter',
    help: 'Per handler group: events dead-lettered by this replica since start (a handler that kept failing or refused, a message it cannot decode, a stored record it cannot read).',
    labelNames: ['service', 'consumer'],
    samples: consumers((c) => c.deadLettered),
  },
];

/**
 * Registers the messaging figures of every service hosted by this process (`sources`, read at scrape
 * time) in `registry`. Labels are service and consumer (handler group) names only: never event ids,
 * subjects with ids, or anything about a client. A service whose figures cannot be read right now
 * (NATS unreachable) reports `wijkteam_messaging_metrics_ok 0` and no other series, rather than stale
 * or made-up ones.
 */
export function registerMessagingMetrics(registry: Registry, sources: () => readonly MessagingMetrics[], timeoutMs = DEFAULT_TIMEOUT_MS): void {
  // The registry collects every family at once: they share one read of the sources per scrape.
  let reading: Promise<Read[]> | undefined;
  const read = (): Promise<Read[]> =>
    (reading ??= Promise.all(sources().map(async (source) => ({ service: source.service, snapshot: await snapshotWithin(source, timeoutMs) }))).finally(() => {
      reading = undefined;
    }));

  // The sources keep absolute figures: each scrape replaces every family's series (a counter is reset, then set by inc).
  for (const { name, type, help, labelNames, samples } of FAMILIES) {
    const current = async (): Promise<Array<[Labels, number]>> => (await read()).flatMap(samples);
    const config = { name, help, labelNames, registers: [registry] };
    if (type === 'gauge')
      new Gauge({
        ...config,
        async collect() {
          const series = await current();
          this.reset();
          for (const [labels, value] of series) this.set(labels, value);
        },
      });
    else
      new Counter({
        ...config,
        async collect() {
          const series = await current();
          this.reset();
          for (const [labels, value] of series) this.inc(labels, value);
        },
      });
  }
}

async function snapshotWithin(source: MessagingMetrics, timeoutMs: number): Promise<MessagingMetricsSnapshot | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([source.snapshot(), timeout]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
