import type { MessagingMetrics, MessagingMetricsSnapshot } from './messaging-metrics';
import { PrometheusText } from './prometheus-text';

/** A scrape must answer even when NATS does not: each service's figures get this long. */
const DEFAULT_TIMEOUT_MS = 2_000;

/**
 * The messaging figures of every service hosted by this process, in the Prometheus text format.
 * Labels are service and consumer (handler group) names only: never event ids, subjects with ids,
 * or anything about a client. A service whose figures cannot be read right now (NATS unreachable)
 * reports `wijkteam_messaging_metrics_ok 0` and no other series, rather than stale or made-up ones.
 */
export async function renderMessagingMetrics(sources: readonly MessagingMetrics[], timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
  const text = new PrometheusText()
    .family('wijkteam_messaging_transport_info', 'gauge', 'The transport feeding the service handlers (jetstream, or in-process in the embedded default); always 1.')
    .family('wijkteam_messaging_metrics_ok', 'gauge', '1 when the figures below could be read for this service, 0 when not (e.g. NATS unreachable).')
    .family('wijkteam_relay_active', 'gauge', '1 when this replica holds the relay lease and publishes the service events, 0 on a standby replica.')
    .family('wijkteam_relay_lag_events', 'gauge', 'Store positions after the relay checkpoint (store head minus checkpoint): events not yet published and acknowledged.')
    .family('wijkteam_relay_published_total', 'counter', 'Publish calls of this replica relay since start, republishes after a failure included.')
    .family('wijkteam_relay_acked_total', 'counter', 'PubAcks received by this replica relay since start (JetStream stored the event, or already had it).')
    .family('wijkteam_relay_duplicates_total', 'counter', 'PubAcks reporting a duplicate since start: JetStream dropped a republished event.')
    .family('wijkteam_consumer_pending', 'gauge', 'Per handler group: not yet handled. JetStream: messages not yet delivered; in-process: store positions after the group checkpoint.')
    .family('wijkteam_consumer_ack_pending', 'gauge', 'Per handler group: delivered but not yet acknowledged (in flight or waiting out a retry delay); always 0 in-process.')
    .family('wijkteam_consumer_redelivered', 'gauge', 'Per handler group: messages delivered more than once and not yet acknowledged; always 0 in-process.');

  const snapshots = await Promise.all(sources.map((source) => snapshotWithin(source, timeoutMs)));
  for (const [index, snapshot] of snapshots.entries()) {
    const service = sources[index].service;
    text.sample('wijkteam_messaging_metrics_ok', { service }, snapshot ? 1 : 0);
    if (!snapshot) continue;
    text.sample('wijkteam_messaging_transport_info', { service, transport: snapshot.transport }, 1);
    if (snapshot.relay) {
      const { relay } = snapshot;
      text
        .sample('wijkteam_relay_active', { service }, relay.active ? 1 : 0)
        .sample('wijkteam_relay_lag_events', { service }, relay.lag)
        .sample('wijkteam_relay_published_total', { service }, relay.published)
        .sample('wijkteam_relay_acked_total', { service }, relay.acked)
        .sample('wijkteam_relay_duplicates_total', { service }, relay.duplicates);
    }
    for (const { consumer, pending, ackPending, redelivered } of snapshot.consumers) {
      const labels = { service, consumer };
      text
        .sample('wijkteam_consumer_pending', labels, pending)
        .sample('wijkteam_consumer_ack_pending', labels, ackPending)
        .sample('wijkteam_consumer_redelivered', labels, redelivered);
    }
  }
  return text.render();
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
