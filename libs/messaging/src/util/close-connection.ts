import type { NatsConnection } from 'nats';
import { sleep } from './sleep';

/**
 * Drains (lets in-flight acks and replies out) but never waits forever: while the server is down a
 * drain cannot finish, and a connection left reconnecting would keep the process alive.
 */
export async function closeConnection(nc: NatsConnection, drainTimeoutMs = 2_000): Promise<void> {
  if (nc.isClosed()) return;
  const drained = new AbortController();
  await Promise.race([nc.drain().catch(() => undefined), sleep(drainTimeoutMs, drained.signal)]);
  drained.abort(); // no timer left behind to keep the process alive
  if (!nc.isClosed()) await nc.close().catch(() => undefined);
}
