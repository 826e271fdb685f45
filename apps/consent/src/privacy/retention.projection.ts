import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CaseFileClosed, CaseFileReopened, type PublicEvent, SubjectKeyDestroyed } from '@wijkteam/contracts';
import { ConsumeEvents, type MessageContext } from '@wijkteam/messaging';
import { RetentionReadModel } from './retention-read-model';

/**
 * Feeds the retention clock from case-planning's public events. One ordered handler group for
 * case-planning's events (`jeugd.case-planning.*`), so closures and reopenings of one file arrive in
 * the order they happened; other types there are skipped by the transport. Erasures come from this
 * service's own record. Events arrive validated (ids canonical, dates UTC), so nothing is checked here.
 */
@Controller()
export class RetentionProjection {
  private readonly log = new Logger(RetentionProjection.name);

  @ConsumeEvents('consent', CaseFileClosed, CaseFileReopened)
  onCaseFileEvent(@Payload() event: PublicEvent<typeof CaseFileClosed | typeof CaseFileReopened>, @Ctx() ctx: MessageContext): void {
    const { caseFileId, clientId } = event.data;
    const closedAt = event.type === 'CaseFileClosed' ? event.data.closedAt : null;
    ctx.handleOnce((db) => RetentionReadModel.recordCaseFile(db, clientId, caseFileId, closedAt, eventOrder(event.id)));
  }

  @ConsumeEvents('consent', SubjectKeyDestroyed)
  onErasure(@Payload() event: PublicEvent<typeof SubjectKeyDestroyed>, @Ctx() ctx: MessageContext): void {
    const { subjectId, destroyedAt } = event.data;
    if (ctx.handleOnce((db) => RetentionReadModel.recordErasure(db, subjectId, destroyedAt))) this.log.log(`retention: erasure ${event.id} applied to the clock`);
  }
}

/**
 * The order of events in time without the store's revision (public events carry none): an event id
 * is a UUIDv7, whose first 60 bits are the millisecond and a counter within it, so a republished
 * older closure cannot roll the clock back.
 */
export function eventOrder(eventId: string): bigint {
  return BigInt(`0x${eventId.replace(/-/g, '').slice(0, 15)}`);
}
