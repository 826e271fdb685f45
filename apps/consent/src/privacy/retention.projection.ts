import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { isUuid } from '@wijkteam/contracts';
import { type MessageContext, type PublishedEvent, ServiceEventPattern } from '@wijkteam/messaging';
import { RetentionReadModel } from './retention-read-model';


/**
 * Feeds the retention clock from case-planning's public events. One handler group for all of
 * case-planning's events (`jeugd.case-planning.*`), so closures and reopenings of one file arrive in
 * the order they happened; the others are skipped. Erasures come from this service's own record.
 */
@Controller()
export class RetentionProjection {
  private readonly log = new Logger(RetentionProjection.name);

  @ServiceEventPattern('consent', 'jeugd.case-planning.*')
  onCaseFileEvent(@Payload() event: PublishedEvent, @Ctx() ctx: MessageContext): void {
    if (event.type !== 'CaseFileClosed' && event.type !== 'CaseFileReopened') return;
    const { caseFileId, clientId, closedAt: closed, reopenedAt } = event.data as Partial<Record<string, unknown>>;
    const at = event.type === 'CaseFileClosed' ? closed : reopenedAt;
    // A malformed event is a bug upstream: refuse it (retries, then the dead-letter subject), never guess.
    if (!isUuid(clientId) || !isUuid(caseFileId) || !isDate(at)) throw new MalformedRetentionEvent(event.type, event.id);
    const closedAt = event.type === 'CaseFileClosed' ? (at as string) : null;
    ctx.handleOnce((db) => RetentionReadModel.recordCaseFile(db, clientId.toLowerCase(), caseFileId.toLowerCase(), closedAt, BigInt(event.revision)));
  }

  @ServiceEventPattern('consent', 'jeugd.consent.SubjectKeyDestroyed')
  onErasure(@Payload() event: PublishedEvent, @Ctx() ctx: MessageContext): void {
    const { subjectId, destroyedAt } = event.data as Partial<Record<string, unknown>>;
    if (!isUuid(subjectId) || !isDate(destroyedAt)) throw new MalformedRetentionEvent(event.type, event.id);
    if (ctx.handleOnce((db) => RetentionReadModel.recordErasure(db, subjectId.toLowerCase(), destroyedAt as string)))
      this.log.log(`retention: erasure ${event.id} applied to the clock`);
  }
}

export class MalformedRetentionEvent extends Error {
  readonly code = 'malformed_retention_event';
  constructor(type: string, eventId: string) {
    super(`${type} ${eventId} lacks a client id, case file id or date`);
    this.name = 'MalformedRetentionEvent';
  }
}

function isDate(value: unknown): boolean {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}
