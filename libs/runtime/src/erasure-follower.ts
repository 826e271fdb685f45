import { Controller, Inject, Logger, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SubjectErasure } from '@wijkteam/privacy';
import { Clock, DomainError, IdGenerator, type PublicEvent, type ServiceName, SubjectKeyDestroyed } from '@wijkteam/contracts';
import { ConsumeEvents } from '@wijkteam/messaging';

/** Where erasures are decided: the consent service's client-rights desk publishes them. */
export const ERASURE_SUBJECT = SubjectKeyDestroyed.channel;

/**
 * Each service keeps its own key store, so an erasure decided in one place must reach every key of
 * the client: this handler destroys the service's own key and records its own `SubjectKeyDestroyed`
 * in its own erasure stream (same legal basis and decider, caused by the published one), through the
 * service's SubjectErasure (PrivacyModule.forService in the service's module). A redelivery finds this
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

    // The event arrives validated against SubjectKeyDestroyed v1 (a malformed one is dead-lettered
    // by the transport); the legal basis is checked again by the erasure decider before any key goes.
    @ConsumeEvents(service, SubjectKeyDestroyed)
    async onErasure(@Payload() event: PublicEvent<typeof SubjectKeyDestroyed>): Promise<void> {
      const { subjectId, legalBasis, requestId, decidedBy } = event.data;
      try {
        await this.erasure.erase({
          subjectId,
          legalBasis,
          requestId,
          decidedBy,
          eventId: this.ids.next(),
          correlationId: event.correlationId,
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
