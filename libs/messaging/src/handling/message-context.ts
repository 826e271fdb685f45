import { BaseRpcContext } from '@nestjs/microservices';
import type { PublicEvent } from '@wijkteam/contracts';
import type { Inbox, InboxEffect } from '../inbox/inbox';

export interface MessageInfo {
  /** `jeugd.<service>.<EventType>` */
  subject: string;
  /** The handler group: durable consumer name, inbox key and in-process checkpoint name. */
  consumer: string;
  /** The decoded event, as the handler receives it. */
  event: PublicEvent;
  /** 1 on first delivery; higher on redelivery. */
  deliveryCount: number;
}

export class InboxNotConfigured extends Error {
  readonly code = 'inbox_not_configured';
  constructor() {
    super('ctx.handleOnce needs an Inbox: give the transport (or MessagingModule) a SQLite database');
    this.name = 'InboxNotConfigured';
  }
}

/**
 * What an `@ConsumeEvents` handler gets as `@Ctx()`, on both transports. The usual handler body is
 * `ctx.handleOnce((db) => ...)`: the effect and the inbox record commit together, so redeliveries
 * change nothing.
 */
export class MessageContext extends BaseRpcContext<[MessageInfo]> {
  private failure: unknown;

  constructor(
    info: MessageInfo,
    private readonly inbox?: Inbox,
  ) {
    super([info]);
  }

  getSubject(): string {
    return this.args[0].subject;
  }

  getConsumer(): string {
    return this.args[0].consumer;
  }

  getEvent(): PublicEvent {
    return this.args[0].event;
  }

  getDeliveryCount(): number {
    return this.args[0].deliveryCount;
  }

  /** Applies `effect` in one transaction with this consumer's inbox record, unless already applied. */
  handleOnce(effect: InboxEffect): boolean {
    if (!this.inbox) throw new InboxNotConfigured();
    try {
      return this.inbox.handleOnce(this.getConsumer(), this.getEvent().id, effect);
    } catch (error) {
      this.captureFailure(error);
      throw error;
    }
  }

  /**
   * Keeps the original error for the dead letter: Nest's RPC exception filter replaces unknown errors
   * with a generic `{ status: 'error' }` before the transport sees them.
   */
  captureFailure(error: unknown): void {
    this.failure ??= error;
  }

  get capturedFailure(): unknown {
    return this.failure;
  }
}
