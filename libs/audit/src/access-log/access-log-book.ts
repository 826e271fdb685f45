import { Injectable } from '@nestjs/common';
import type { AccessLog } from './access-log';
import type { AccessLogEntry } from './access-log-entry';

/**
 * The access logs of the services this process hosts (one, or all five in the platform): "who saw
 * my file" answers from all of them, and a read served outside any service (the access-log route
 * itself) is recorded in the first hosted service's log.
 */
@Injectable()
export class AccessLogBook {
  private readonly logs: AccessLog[] = [];

  register(log: AccessLog): void {
    if (!this.logs.some((known) => known.owner === log.owner)) this.logs.push(log);
  }

  /** The log for reads that no service module served; undefined when no service is hosted. */
  get first(): AccessLog | undefined {
    return this.logs[0];
  }

  /** Every read of the client's file recorded by a hosted service, oldest first. */
  async listForClient(clientId: string): Promise<AccessLogEntry[]> {
    const entries = (await Promise.all(this.logs.map((log) => log.listForClient(clientId)))).flat();
    return entries.sort((a, b) => Date.parse(a.accessedAt) - Date.parse(b.accessedAt));
  }
}
