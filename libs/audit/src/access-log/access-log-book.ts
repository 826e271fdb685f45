import { Injectable } from '@nestjs/common';
import type { AccessLog } from './access-log';
import type { AccessLogEntry, AccessLogListing } from './access-log-entry';

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

  /**
   * Every read of the client's file and every refused attempt on it, by every hosted service, oldest
   * first: what a privacy officer or auditor needs to see (NEN 7513 logs refusals too).
   */
  async historyForClient(clientId: string): Promise<AccessLogListing[]> {
    const histories = await Promise.all(this.logs.map((log) => log.historyForClient(clientId)));
    const entries: { at: number; entry: AccessLogListing }[] = histories.flatMap(({ reads, refusals }) => [
      ...reads.map((read) => ({ at: Date.parse(read.accessedAt), entry: { kind: 'accessed' as const, ...read } })),
      ...refusals.map((refusal) => ({ at: Date.parse(refusal.refusedAt), entry: { kind: 'refused' as const, ...refusal } })),
    ]);
    // A stable sort: within one service and one instant, the stream's order stays.
    return entries.sort((a, b) => a.at - b.at).map(({ entry }) => entry);
  }
}
