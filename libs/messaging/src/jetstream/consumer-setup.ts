import { AckPolicy, type ConsumerConfig, type ConsumerInfo, DeliverPolicy, type JetStreamManager, nanos } from 'nats';
import { MessagingConfigError } from '../handling/messaging-server';
import { isNotFound } from './stream-setup';

export interface ConsumerSettings {
  /** How long a delivered message may stay unacknowledged before it is redelivered (crashed consumer). */
  ackWaitMs: number;
  /** Bound on unacknowledged messages per consumer (including those waiting out a nak delay). */
  maxAckPending: number;
}

/**
 * A durable pull consumer per handler pattern: NATS 2.9 allows one filter subject per consumer.
 * `max_deliver` is unlimited on the server on purpose: the transport counts attempts itself and
 * dead-letters after the last one, so a message whose handler crashed the process on its final
 * attempt still reaches the dead-letter subject instead of being silently dropped by the server.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  name: string,
  filterSubject: string,
  settings: ConsumerSettings,
): Promise<ConsumerInfo> {
  const editable = {
    ack_wait: nanos(settings.ackWaitMs),
    max_ack_pending: settings.maxAckPending,
    max_deliver: -1,
  };
  let info: ConsumerInfo;
  try {
    info = await jsm.consumers.info(stream, name);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const config: Partial<ConsumerConfig> = {
      durable_name: name,
      filter_subject: filterSubject,
      ack_policy: AckPolicy.Explicit,
      // A new handler group starts at the beginning of the stream, like a new projection would.
      deliver_policy: DeliverPolicy.All,
      ...editable,
    };
    return jsm.consumers.add(stream, config);
  }
  if (info.config.filter_subject !== filterSubject) {
    throw new MessagingConfigError(`consumer ${name} exists with another filter subject; delete it or rename the handler group`);
  }
  const current = info.config;
  if (current.ack_wait === editable.ack_wait && current.max_ack_pending === editable.max_ack_pending && current.max_deliver === -1) {
    return info;
  }
  return jsm.consumers.update(stream, name, editable);
}
