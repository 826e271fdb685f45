import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { closeConnection } from '../util/close-connection';
import type { SqliteDatabase } from '../util/sqlite';

/**
 * Closes what the module opened, in `onApplicationShutdown`: that runs after Nest closed the
 * connected transports, so consumers never lose their connection or database mid-message.
 */
@Injectable()
export class MessagingResources implements OnApplicationShutdown {
  private readonly databases: SqliteDatabase[] = [];
  private readonly connections: NatsConnection[] = [];
  private readonly proxies: ClientProxy[] = [];

  own(db: SqliteDatabase): SqliteDatabase {
    this.databases.push(db);
    return db;
  }

  ownConnection(nc: NatsConnection): NatsConnection {
    this.connections.push(nc);
    return nc;
  }

  ownProxy<T extends ClientProxy>(proxy: T): T {
    this.proxies.push(proxy);
    return proxy;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.proxies.splice(0).map((proxy) => proxy.close()));
    await Promise.all(this.connections.splice(0).map((nc) => closeConnection(nc)));
    this.databases.splice(0).forEach((db) => db.close());
  }
}
