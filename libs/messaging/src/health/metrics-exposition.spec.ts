import type { MessagingMetrics, MessagingMetricsSnapshot } from './messaging-metrics';
import { renderMessagingMetrics } from './metrics-exposition';
import { PrometheusText } from './prometheus-text';

const source = (service: string, snapshot: () => Promise<MessagingMetricsSnapshot>): MessagingMetrics => ({ service, snapshot }) as unknown as MessagingMetrics;

describe('Prometheus text exposition', () => {
  it('prints HELP and TYPE once per family, escapes label values, and leaves empty families out', () => {
    const text = new PrometheusText()
      .family('a_total', 'counter', 'Things.\nMore things.')
      .family('b', 'gauge', 'Never sampled.')
      .sample('a_total', { consumer: 'x"y\\z' }, 3)
      .sample('a_total', {}, 4)
      .render();
    expect(text).toBe('# HELP a_total Things.\\nMore things.\n# TYPE a_total counter\na_total{consumer="x\\"y\\\\z"} 3\na_total 4\n');
    expect(() => new PrometheusText().family('bad-name', 'gauge', '')).toThrow(RangeError);
    expect(() => new PrometheusText().family('ok', 'gauge', '').sample('ok', { 'bad-label': 'v' }, 1)).toThrow(RangeError);
  });

  it('renders relay and consumer figures per service, and only what each service has', async () => {
    const text = await renderMessagingMetrics([
      source('intake', async () => ({
        service: 'intake',
        transport: 'jetstream',
        relay: { service: 'intake', active: true, published: 12, acked: 11, duplicates: 1, checkpoint: '40', lag: 3 },
        consumers: [{ consumer: 'intake__consent_any', pending: 5, ackPending: 2, redelivered: 1 }],
      })),
      source('reporting', async () => ({ service: 'reporting', transport: 'in-process', consumers: [{ consumer: 'reporting__intake_any', pending: 0, ackPending: 0, redelivered: 0 }] })),
    ]);
    expect(text).toContain('# TYPE wijkteam_relay_lag_events gauge\nwijkteam_relay_lag_events{service="intake"} 3\n');
    expect(text).toContain('# TYPE wijkteam_relay_published_total counter\nwijkteam_relay_published_total{service="intake"} 12\n');
    expect(text).toContain('wijkteam_relay_acked_total{service="intake"} 11\n');
    expect(text).toContain('wijkteam_relay_active{service="intake"} 1\n');
    expect(text).toContain('wijkteam_consumer_pending{service="intake",consumer="intake__consent_any"} 5\n');
    expect(text).toContain('wijkteam_consumer_ack_pending{service="intake",consumer="intake__consent_any"} 2\n');
    expect(text).toContain('wijkteam_consumer_pending{service="reporting",consumer="reporting__intake_any"} 0\n');
    expect(text).toContain('wijkteam_messaging_transport_info{service="reporting",transport="in-process"} 1\n');
    // The embedded default has no relay: no relay series for it, rather than zeros that mean nothing.
    expect(text).not.toMatch(/wijkteam_relay_\w+\{service="reporting"/);
  });

  it('answers in time when a service cannot report (NATS unreachable), saying so', async () => {
    const text = await renderMessagingMetrics(
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
