import { createInbox, headers, type Msg, type NatsConnection, type PubAck, type Subscription } from 'nats';

export class PublishFailed extends Error {
  readonly code = 'publish_failed';
  constructor(reason: string) {
    super(`JetStream publish failed: ${reason}`);
    this.name = 'PublishFailed';
  }
}

interface Waiting {
  resolve: (ack: PubAck) => void;
  reject: (error: Error) => void;
}

const decoder = new TextDecoder();

export interface OutgoingMessage {
  subject: string;
  data: Uint8Array;
  msgId: string;
  /** Further headers, e.g. the CloudEvents attributes. */
  headers?: Readonly<Record<string, string>>;
}

/**
 * JetStream publishing for the relay's windows: the same wire protocol as `js.publish` (headers
 * `Nats-Msg-Id` and `Nats-Expected-Stream`, a PubAck per message), but with one reply subscription
 * and one timer per window instead of a request object, a timer and two pre-built errors per message.
 * nats.js spends more time on those allocations than on the publish itself (profiled), which would
 * cap the relay well below a plain publisher. A window either gets every PubAck or fails as a whole,
 * and the relay then republishes it from its checkpoint (deduplicated by message id).
 */
export class AckedPublisher {
  private readonly prefix: string;
  private readonly waiting = new Map<string, Waiting>();
  private readonly subscription: Subscription;
  private sequence = 0;

  /** `inboxPrefix`: the service's own reply subjects (inboxPrefixOf), which NATS permissions let only it read. */
  constructor(
    private readonly nc: NatsConnection,
    inboxPrefix?: string,
  ) {
    this.prefix = `${createInbox(inboxPrefix)}.`;
    this.subscription = nc.subscribe(`${this.prefix}*`, { callback: (_error, msg) => this.settle(msg) });
  }

  /** Publishes all messages at once; resolves with every PubAck, or rejects when any fails or the window times out. */
  async publishWindow(messages: ReadonlyArray<OutgoingMessage>, stream: string, timeoutMs: number): Promise<PubAck[]> {
    const tokens: string[] = [];
    const acks = messages.map(({ subject, data, msgId, headers: extra }) => {
      const token = (this.sequence++).toString(36);
      tokens.push(token);
      const promise = new Promise<PubAck>((resolve, reject) => this.waiting.set(token, { resolve, reject }));
      const h = headers();
      // append, not set: the headers are new, and set would search them first for every name.
      if (extra) for (const name in extra) if (name !== 'Nats-Msg-Id') h.append(name, extra[name]);
      h.append('Nats-Msg-Id', msgId);
      h.append('Nats-Expected-Stream', stream);
      this.nc.publish(subject, data, { reply: `${this.prefix}${token}`, headers: h });
      return promise;
    });
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishFailed('no PubAck in time')), timeoutMs);
    });
    try {
      return await Promise.race([Promise.all(acks), expired]);
    } finally {
      clearTimeout(timer);
      // Whatever is still waiting belongs to a failed window: forget it, nobody awaits it any more.
      for (const token of tokens) this.waiting.get(token)?.reject(new PublishFailed('window abandoned'));
      for (const token of tokens) this.waiting.delete(token);
      acks.forEach((ack) => ack.catch(() => undefined));
    }
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private settle(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const waiting = this.waiting.get(token);
    if (!waiting) return;
    this.waiting.delete(token);
    // No stream listens on the subject (e.g. storage wiped): the server answers "503 no responders".
    if (msg.headers?.code === 503) return waiting.reject(new PublishFailed('no stream for the subject (503)'));
    try {
      const reply = JSON.parse(decoder.decode(msg.data)) as Partial<PubAck> & { error?: { code?: number; description?: string } };
      if (reply.error) return waiting.reject(new PublishFailed(`${reply.error.code ?? ''} ${reply.error.description ?? 'error'}`.trim()));
      if (!reply.stream) return waiting.reject(new PublishFailed('invalid PubAck'));
      waiting.resolve({ stream: reply.stream, seq: reply.seq ?? 0, duplicate: reply.duplicate ?? false, domain: reply.domain ?? '' });
    } catch {
      waiting.reject(new PublishFailed('unreadable PubAck'));
    }
  }
}
