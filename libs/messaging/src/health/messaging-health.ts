import type { NatsConnection } from 'nats';

export type NatsState = 'connected' | 'reconnecting' | 'closed' | 'not-used';

export interface MessagingHealthReport {
  ready: boolean;
  nats: NatsState;
}

/**
 * Readiness of the messaging side: false while NATS is unreachable (the client is reconnecting) or
 * the connection is closed. In-process mode uses no NATS and is always ready here; the store has its
 * own probe (`EventStore.ping`).
 */
export class MessagingHealth {
  private state: NatsState;

  constructor(private readonly connection?: NatsConnection) {
    this.state = connection ? (connection.isClosed() ? 'closed' : 'connected') : 'not-used';
    if (connection) void this.follow(connection);
  }

  isReady(): boolean {
    return this.check().ready;
  }

  check(): MessagingHealthReport {
    if (this.connection?.isClosed()) this.state = 'closed';
    return { ready: this.state === 'connected' || this.state === 'not-used', nats: this.state };
  }

  private async follow(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnecting') this.state = 'reconnecting';
      if (status.type === 'reconnect') this.state = 'connected';
    }
    this.state = 'closed';
  }
}
