import './quiet';
import { connect, type NatsConnection } from 'nats';
import type { EventStore } from '@wijkteam/event-store';
import { type CheckpointStore, Inbox, JetStreamTransport, type JetStreamTransportOptions, Relay, type RelayOptions, type SqliteDatabase } from '../../src';
import { gateways } from './fixtures';

export function natsConnect(url: string, name = 'test'): Promise<NatsConnection> {
  return connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
}

export function relayFor(
  service: string,
  connection: NatsConnection,
  store: EventStore,
  checkpoints: CheckpointStore,
  extra: Partial<RelayOptions> = {},
): Relay {
  return new Relay({
    service,
    store,
    checkpoints,
    connection,
    gateway: gateways[service as keyof typeof gateways],
    windowSize: 128,
    publishTimeoutMs: 2_000,
    lease: { ttlMs: 2_000, bucket: 'test_leases' },
    ...extra,
  });
}

export function transportFor(service: string, url: string, db: SqliteDatabase, extra: Partial<JetStreamTransportOptions> = {}): JetStreamTransport {
  return new JetStreamTransport({
    service,
    servers: url,
    inbox: new Inbox(db),
    ackWaitMs: 2_000,
    retry: { maxDeliver: 3, backoffMs: [100, 200] },
    concurrency: 4,
    ...extra,
  });
}

/** Messages stored in the stream under `subject` (wildcards allowed). */
export async function countMessages(nc: NatsConnection, subject = 'jeugd.>', stream = 'JEUGD'): Promise<number> {
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream, { subjects_filter: subject });
    return Object.values(info.state.subjects ?? {}).reduce((sum, n) => sum + n, 0);
  } catch {
    return 0;
  }
}
