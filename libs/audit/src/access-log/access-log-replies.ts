import { Controller, Inject, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { isUuid, type StreamOwner } from '@wijkteam/contracts';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { AccessLog } from './access-log';
import type { AccessLogListing } from './access-log-entry';

/** `intake.access-log`, …: a service's answer for its own access log, to the service answering "who saw my file". */
export const accessLogPattern = (service: StreamOwner): string => `${service}.access-log`;

/** The oldest `limit` entries of one service's log of a client's file, and how many it holds. */
export interface AccessLogSlice {
  entries: AccessLogListing[];
  total: number;
}

/** Oldest first (a stable sort keeps the stream's order within one instant), at most `limit`. */
export function sliceOf(listing: AccessLogListing[], limit: number): AccessLogSlice {
  const at = (entry: AccessLogListing) => Date.parse(entry.kind === 'accessed' ? entry.accessedAt : entry.refusedAt);
  return { entries: [...listing].sort((a, b) => at(a) - at(b)).slice(0, limit), total: listing.length };
}

/** A malformed request; the code only, no value echoed. */
export class InvalidAccessLogRequest extends Error {
  readonly code = 'invalid_input';
  constructor(readonly field: 'clientId' | 'limit') {
    super(`invalid input: ${field}`);
    this.name = 'InvalidAccessLogRequest';
  }
}

// A page is at most 100 entries; a deep page asks for page × 100.
const MAX_LIMIT = 1_000_000;

function sliceRequestOf(payload: unknown): { clientId: string; limit: number } {
  const { clientId, limit } = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  if (!isUuid(clientId)) throw new InvalidAccessLogRequest('clientId');
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new InvalidAccessLogRequest('limit');
  return { clientId: clientId.toLowerCase(), limit };
}

/**
 * The request/reply handler of one service's access log (declared by AuditModule.forService). Who
 * may read the log is decided at the HTTP edge of the asking service, which also records that read;
 * between services NATS accounts authorise, as for every request/reply.
 */
export function accessLogRepliesFor(service: StreamOwner): Type<unknown> {
  @Controller()
  class AccessLogReplies {
    constructor(@Inject(AccessLog) private readonly log: AccessLog) {}

    @ServiceMessagePattern(service, accessLogPattern(service))
    async slice(@Payload() payload: unknown): Promise<AccessLogSlice> {
      const { clientId, limit } = sliceRequestOf(payload);
      return sliceOf(await this.log.listingForClient(clientId), limit);
    }
  }
  Object.defineProperty(AccessLogReplies, 'name', { value: `AccessLogReplies_${service.replace(/-/g, '_')}` });
  return AccessLogReplies;
}
