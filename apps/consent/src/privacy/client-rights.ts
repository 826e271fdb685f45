import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { type ErasureEvent, type LegalBasis, SubjectErasure } from '@wijkteam/privacy';
import { DomainError } from '@wijkteam/contracts';
import { Clock, type CommandContext, IdGenerator } from '@wijkteam/runtime';
import { ConsentSettings } from '../consent.settings';
import { DestructionRequests } from '../application/destruction-requests';
import type { DestructionRequestCommand } from '../domain/destruction-request';
import { RetentionClock } from '../projections/retention-clock';

/**
 * Cliëntrechten around the file's lifetime: destruction requests (Jeugdwet art. 7.3.9), erasure by
 * key destruction, and the retention list (art. 7.3.8). An erasure here destroys this service's key
 * and records `SubjectKeyDestroyed` in consent's own erasure stream, a public event: every other
 * service destroys its own key of that client when it receives it (libs/runtime ErasureFollower)
 * and records so in its own stream, and partners learn of it too.
 */
@Injectable()
export class ClientRights {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly erasure: SubjectErasure,
    private readonly retention: RetentionClock,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(ConsentSettings.token) private readonly settings: ConsentSettings,
  ) {}

  receiveDestructionRequest(
    data: Omit<Extract<DestructionRequestCommand, { type: 'ReceiveDestructionRequest' }>['data'], 'requestId' | 'receivedAt'>,
    context: CommandContext,
  ) {
    const requestId = this.ids.next();
    const command: DestructionRequestCommand = { type: 'ReceiveDestructionRequest', data: { ...data, subjectId: data.subjectId.toLowerCase(), requestId, receivedAt: this.now() } };
    return this.commands.execute(new DestructionRequests.Command(requestId, command, { ...context, purpose: 'client_rights' }));
  }

  decideDestructionRequest(requestId: string, command: DestructionRequestCommand, context: CommandContext, ifMatch?: bigint) {
    return this.commands.execute(new DestructionRequests.Command(requestId, command, { ...context, purpose: 'client_rights' }, { ifMatch, mustExist: true }));
  }

  destructionRequest(requestId: string) {
    return this.queries.execute(new DestructionRequests.Query(requestId));
  }

  /**
   * Destroys the client's key, after checking the ground: a granted destruction request of this
   * client, an expired retention term, or an AVG request on record (its reference is required).
   */
  async erase(subjectId: string, legalBasis: LegalBasis, requestId: string | null, context: CommandContext): Promise<ErasureEvent> {
    const subject = subjectId.toLowerCase();
    const now = this.clock.now();
    if (legalBasis === 'jeugdwet_art7_3_9_destruction_request') {
      if (requestId === null) throw new DomainError('request_required', 'unprocessable', 'requestId');
      const state = await this.queries.execute(new DestructionRequests.Query(requestId)).then(
        (loaded) => loaded.state,
        (error: unknown) => {
          if (error instanceof DomainError && error.code === 'not_found') return undefined;
          throw error;
        },
      );
      if (state?.status !== 'granted' || state.subjectId !== subject) throw new DomainError('destruction_request_not_granted', 'unprocessable', 'requestId');
    }
    if (legalBasis === 'retention_expired' && !(await this.retention.isDue(subject, now, this.settings.RETENTION_YEARS)))
      throw new DomainError('retention_not_expired', 'unprocessable', 'legalBasis');
    return this.erasure.erase({
      subjectId: subject,
      legalBasis,
      requestId,
      decidedBy: context.actor,
      eventId: this.ids.next(),
      correlationId: context.correlationId,
      at: now,
    });
  }

  erasureOf(subjectId: string): Promise<ErasureEvent | undefined> {
    return this.erasure.erasureOf(subjectId.toLowerCase());
  }

  dueForDestruction() {
    return this.retention.due(this.clock.now(), this.settings.RETENTION_YEARS);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
