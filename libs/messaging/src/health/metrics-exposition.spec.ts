import { Registry } from 'prom-client';
import type { MessagingMetrics, MessagingMetricsSnapshot } from './messaging-metrics';
import { registerMessagingMetrics } from './metrics-exposition';

const source = (service: string, snapshot: () => Promise<MessagingMetricsSnapshot>): MessagingMetrics => ({ service, snapshot }) as unknown as MessagingMetrics;

const scrape = (sources: MessagingMetrics[], timeoutMs?: number): Promise<string> => {
  const registry = new Registry();
  registerMessagingMetrics(registry, () => sources, timeoutMs);
  return registry.metrics();
};

describe('messaging metrics in the Prometheus text exposition', () => {
  it('renders relay and consumer figures per service, and only what each service has', async () => {
    const text = await scrape([
      source('intake', async () => ({
        service: 'intake',
        transport: 'jetstream',
        relay: { service: 'intake', active: true, published: 12, acked: 11, duplicates: 1, deadLettered: 2, streamResets: 1, checkpoint: '40', lag: 3 },
        consumers: [{ consumer: 'intake__consent_any', pending: 5, ackPending: 2, redelivered: 1, deadLettered: 4 }],
      })),
      source('reporting', async () => ({ service: 'reporting', transport: 'in-process', consumers: [{ consumer: 'reporting__intake_any', pending: 0, ackPending: 0, redelivered: 0, deadLettered: 0 }] })),
    ]);
    expect(text).toContain('# TYPE wijkteam_relay_lag_events gauge\nwijkteam_relay_lag_events{service="intake"} 3\n');
    expect(text).toContain('# TYPE wijkteam_relay_published_total counter\nwijkteam_relay_published_total{service="intake"} 12\n');
    expect(text).toContain('wijkteam_relay_acked_total{service="intake"} 11\n');
    expect(text).toContain('wijkteam_relay_duplicates_total{service="intake"} 1\n');
    expect(text).toContain('wijkteam_relay_active{service="intake"} 1\n');
    expect(text).toContain('# TYPE wijkteam_relay_dead_lettered_total counter\nwijkteam_relay_dead_lettered_total{service="intake"} 2\n');
    expect(text).toContain('# TYPE wijkteam_relay_stream_resets_total counter\nwijkteam_relay_stream_resets_total{service="intake"} 1\n');
    expect(text).toContain('wijkteam_consumer_pending{service="intake",consumer="intake__consent_any"} 5\n');
    expect(text).toContain('wijkteam_consumer_ack_pending{service="intake",consumer="intake__consent_any"} 2\n');
    expect(text).toContain('wijkteam_consumer_redelivered{service="intake",consumer="intake__consent_any"} 1\n');
    expect(text).toContain('# TYPE wijkteam_consumer_dead_lettered_total counter\nwijkteam_consumer_dead_lettered_total{service="intake",consumer="intake__consent_any"} 4\n');
    expect(text).toContain('wijkteam_consumer_pending{service="reporting",consumer="reporting__intake_any"} 0\n');
    expect(text).toContain('wijkteam_messaging_transport_info{service="reporting",transport="in-process"} 1\n');
    // The embedded default has no relay: no relay series for it, rather than zeros that mean nothing.
    expect(text).not.toMatch(/wijkteam_relay_\w+\{service="reporting"/);
  });

  it('reads the sources at every scrape: the series follow the figures, and what went away leaves', async () => {
    let snapshot: MessagingMetricsSnapshot = { service: 'safety', transport: 'jetstream', consumers: [{ consumer: 'safety__intake_any', pending: 4, ackPending: 1, redelivered: 0, deadLettered: 0 }] };
    const registry = new Registry();
    let reads = 0;
    registerMessagingMetrics(registry, () => [
      source('safety', async () => {
        reads += 1;
        return snapshot;
      }),
    ]);
    expect(await registry.metrics()).toContain('wijkteam_consumer_pending{service="safety",consumer="safety__intake_any"} 4\n');
    // All families of one scrape share one read.
    expect(reads).toBe(1);
    snapshot = { ...snapshot, consumers: [{ consumer: 'safety__consent_any', pending: 0, ackPending: 0, redelivered: 0, deadLettered: 0 }] };
    const text = await registry.metrics();
    expect(reads).toBe(2);
    expect(text).toContain('wijkteam_consumer_pending{service="safety",consumer="safety__consent_any"} 0\n');
    expect(text).not.toContain('safety__intake_any');
  });

  it('answers in time when a service cannot report (NATS unreachable), saying so', async () => {
    const text = await scrape(
      [
        source('safety', () => new Promise(() => undefined)),
        source('consent', () => Promise.reject(new Error('nats down'))),
        source('intake', async () => ({ service: 'intake', transport: 'jetstream', consumers: [] })),
      ],
      50,
    );
    expect(text).toContain('wijkteam_messaging_metrics_ok{service="safety"} 0\n');
    expect(text).toContain('wijkteam_messaging_metrics_ok{service="consent"} 0\n');
    expect(text).toContain('wijkteam_messaging_metrics_ok{service="intake"} 1\n');
    expect(text).not.toContain('service="safety",');
  });
});
