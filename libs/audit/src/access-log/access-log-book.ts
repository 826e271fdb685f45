import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { STREAM_OWNERS, type StreamOwner } from '@wijkteam/contracts';
import { ServiceClients } from '@wijkteam/messaging';
import type { AccessLog } from './access-log';
import type { AccessLogListing, AccessLogPage } from './access-log-entry';
import { type AccessLogSlice, accessLogPattern, sliceOf } from './access-log-replies';

/** Every service keeps an access log (AuditModule.forService): "who saw my file" asks all of them. */
export const ACCESS_LOG_SERVICES = Object.keys(STREAM_OWNERS) as StreamOwner[];

/**
 * The access logs of the services this process hosts (one, or all five in the platform): "who saw
 * my file" answers from all of them, and a read served outside any service (the access-log route
 * itself) is recorded in the first hosted service's log.
 */
@Injectable()
export class AccessLogBook {
  private readonly logs: AccessLog[] = [];
  private clients: ServiceClients | null | undefined;

  constructor(private readonly modules: ModuleRef) {}

  register(log: AccessLog): void {
    if (!this.logs.some((known) => known.owner === log.owner)) this.logs.push(log);
  }

  /** The log for reads that no service module served; undefined when no service is hosted. */
  get first(): AccessLog | undefined {
    return this.logs[0];
  }

  /**
   * One page of every read of the client's file and every refused attempt on it, by every service,
   * oldest first (NEN 7513 logs refusals too). The hosted services' logs are read here; every other
   * service is asked over request/reply (`<service>.access-log`) for its oldest page × pageSize
   * entries, which is all a page can need of it. So the answer is the same whether the services
   * share one store (the platform) or each has its own (distributed). A service that does not answer
   * fails the read (503): an access log with a service silently missing would look complete.
   * A process without messaging (a test app) answers for its hosted services only; `services` says
   * which services the answer covers.
   */
  async pageForClient(clientId: string, page: number, pageSize: number): Promise<AccessLogPage> {
    const limit = page * pageSize;
    const hosted = await Promise.all(this.logs.map(async (log) => ({ service: log.owner, slice: sliceOf(await log.listingForClient(clientId), limit) })));
    const clients = this.serviceClients();
    const others = clients ? ACCESS_LOG_SERVICES.filter((service) => !this.logs.some((log) => log.owner === service)) : [];
    const asked = await Promise.all(
      others.map(async (service) => ({ service, slice: await clients!.get(service).request<AccessLogSlice>(accessLogPattern(service), { clientId, limit }) })),
    );
    const answers = [...hosted, ...asked];
    // A stable sort: within one service and one instant, the stream's order stays.
    const merged: AccessLogListing[] = answers.flatMap(({ slice }) => slice.entries).sort((a, b) => Date.parse(at(a)) - Date.parse(at(b)));
    return {
      items: merged.slice((page - 1) * pageSize, limit),
      page,
      pageSize,
      total: answers.reduce((sum, { slice }) => sum + slice.total, 0),
      services: answers.map(({ service }) => service),
    };
  }

  /** The process's request/reply clients, looked up once: any service's will do, they all reach every service. */
  private serviceClients(): ServiceClients | null {
    if (this.clients === undefined) {
      try {
        this.clients = this.modules.get(ServiceClients, { strict: false });
      } catch {
        this.clients = null;
      }
    }
    return this.clients ?? null;
  }
}

const at = (entry: AccessLogListing): string => (entry.kind === 'accessed' ? entry.accessedAt : entry.refusedAt);
