import { Controller, Inject, Logger, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type ErasedBy, type LegalBasis, SubjectErasure } from '@wijkteam/audit';
import { Clock, DomainError, IdGenerator, isUuid, type ServiceName } from '@wijkteam/contracts';
import { type PublishedEvent, ServiceEventPattern } from '@wijkteam/messaging';


/** Where erasures are decided: the consent service's client-rights desk publishes them. */
export const ERASURE_SUBJECT = 'jeugd.consent.SubjectKeyDestroyed';

/**
 * Each service keeps its own key store, so an erasure decided in one place must reach every key of
 * the client: this handler destroys the service's own key and records its own `SubjectKeyDestroyed`
 * in its own erasure stream (same legal basis and decider, caused by the published one), through the
 * service's SubjectErasure (AuditModule.forService in the service's module). A redelivery finds this
 * service's record and does nothing; so does the service's own record coming back on the bus. In the
 * platform the five services share one key store: the key is gone already, but each service still
 * records its own erasure, as it would deployed alone.
 */
export function erasureFollowerFor(service: ServiceName): Type<unknown> {
  @Controller()
  class ErasureFollower {
    private readonly log = new Logger(`ErasureFollower(${service})`);

    constructor(
      // This service's erasure (its own stream), never another service's record: on a shared store a
      // fold of consent's record would answer subject_already_erased and leave this key in place.
      @Inject(SubjectErasure) private readonly erasure: SubjectErasure,
      @Inject(Clock) private readonly clock: Clock,
      @Inject(IdGenerator) private readonly ids: IdGenerator,
    ) {}

    @ServiceEventPattern(service, ERASURE_SUBJECT)
    async onErasure(@Payload() event: PublishedEvent): Promise<void> {
      const { subjectId, legalBasis, requestId, decidedBy } = event.data as Partial<Record<string, unknown>>;
      // Malformed: retried, then dead-lettered with the error, where an operator sees it. The legal
      // basis is checked by the erasure decider, before any key is touched.
      if (!isUuid(subjectId)) throw new DomainError('invalid_subject_id', 'unprocessable', 'subjectId');
      if (!isErasedBy(decidedBy)) throw new DomainError('invalid_decided_by', 'unprocessable', 'decidedBy');
      try {
        await this.erasure.erase({
          subjectId,
          legalBasis: legalBasis as LegalBasis,
          requestId: typeof requestId === 'string' ? requestId : null,
          decidedBy,
          eventId: this.ids.next(),
          correlationId: event.metadata.correlationId,
          causationId: event.id,
          at: this.clock.now(), // when this service's key went
        });
        this.log.log(`erasure ${event.id} carried out: key destroyed`);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'subject_already_erased') return;
        throw error;
      }
    }
  }
  Object.defineProperty(ErasureFollower, 'name', { value: `ErasureFollower_${service.replace(/-/g, '_')}` });
  return ErasureFollower;
}

function isErasedBy(value: unknown): value is ErasedBy {
  if (typeof value !== 'object' || value === null) return false;
  const { userId, role, organisation } = value as Record<string, unknown>;
  return typeof userId === 'string' && typeof role === 'string' && typeof organisation === 'string';
}
