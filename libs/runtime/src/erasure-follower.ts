import { Controller, Inject, Logger, type Type } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type ErasureEvent, SubjectErasure } from '@wijkteam/privacy';
import { Clock, DomainError, IdGenerator, type PublicEvent, type ServiceName, SubjectKeyDestroyed } from '@wijkteam/contracts';
import { ConsumeEvents, MessageRefused, ServiceClients } from '@wijkteam/messaging';
import { IsCanonicalId } from './canonical-id';

/** Where erasures are decided: the consent service's client-rights desk publishes them. */
export const ERASURE_SUBJECT = SubjectKeyDestroyed.channel;

/** `consent.erasure-record`: consent's own erasure record of a client, asked before a follower destroys its key. */
export const ERASURE_RECORD_PATTERN = 'consent.erasure-record';

export class ErasureRecordRequest {
  @IsCanonicalId()
  subjectId!: string;
}

/** Consent's answer: its record of the client's erasure, or null when it decided none. */
export interface ErasureRecordReply {
  erasure: ErasureEvent['data'] | null;
}

/**
 * Each service keeps its own key store, so an erasure decided in one place must reach every key of
 * the client: this handler destroys the service's own key and records its own `SubjectKeyDestroyed`
 * in its own erasure stream (same legal basis and decider, caused by the published one), through the
 * service's SubjectErasure (PrivacyModule.forService in the service's module). A redelivery finds this
 * service's record and does nothing; so does the service's own record coming back on the bus. In the
 * platform the five services share one key store: the key is gone already, but each service still
 * records its own erasure, as it would deployed alone.
 *
 * Only an erasure consent recorded is carried out (issue 17): the event on the bus is a claim, and a
 * forged one (published by anyone who can reach the subject) would otherwise shred a client's file.
 * So consent is asked for its record (`consent.erasure-record`); without one nothing is destroyed and
 * the event is dead-lettered at once with the code `erasure_not_recorded`. The record consent answers,
 * not the event, gives the legal basis and who decided.
 */
export function erasureFollowerFor(service: ServiceName): Type<unknown> {
  @Controller()
  class ErasureFollower {
    private readonly log = new Logger(`ErasureFollower(${service})`);

    constructor(
      // This service's erasure (its own stream), never another service's record: on a shared store a
      // fold of consent's record would answer subject_already_erased and leave this key in place.
      @Inject(SubjectErasure) private readonly erasure: SubjectErasure,
      @Inject(ServiceClients) private readonly clients: ServiceClients,
      @Inject(Clock) private readonly clock: Clock,
      @Inject(IdGenerator) private readonly ids: IdGenerator,
    ) {}

    // The event arrives validated against SubjectKeyDestroyed v1 (a malformed one is dead-lettered
    // by the transport); the legal basis is checked again by the erasure decider before any key goes.
    @ConsumeEvents(service, SubjectKeyDestroyed)
    async onErasure(@Payload() event: PublicEvent<typeof SubjectKeyDestroyed>): Promise<void> {
      const { subjectId } = event.data;
      const { erasure: recorded } = await this.clients.get('consent').request<ErasureRecordReply>(ERASURE_RECORD_PATTERN, { subjectId } satisfies ErasureRecordRequest);
      if (!recorded) {
        this.log.warn(`erasure ${event.id} refused (erasure_not_recorded): consent has no erasure of this client`);
        throw new MessageRefused('erasure_not_recorded', 'consent has no record of this erasure');
      }
      try {
        await this.erasure.erase({
          subjectId,
          legalBasis: recorded.legalBasis,
          requestId: recorded.requestId,
          decidedBy: recorded.decidedBy,
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
