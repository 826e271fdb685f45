import type { JetStreamClient } from 'nats';
import { deadLetterSubject } from '../events/subjects';
import type { DeadLetter, DeadLetterSink } from '../handling/dead-letter';

/**
 * Dead letters as messages on `jeugd.dlq.<consumer>`: JSON of the DeadLetter (original message plus
 * error class, code and message). Deduplicated per consumer and event, so a retry after a lost
 * PubAck does not store it twice.
 */
export class JetStreamDeadLetters implements DeadLetterSink {
  constructor(
    private readonly js: JetStreamClient,
    private readonly streamName: string,
  ) {}

  async deadLetter(letter: DeadLetter): Promise<void> {
    const id = letter.eventId ? `${letter.consumer}:${letter.eventId}` : undefined;
    await this.js.publish(deadLetterSubject(letter.consumer), JSON.stringify(letter), {
      ...(id ? { msgID: id } : {}),
      expect: { streamName: this.streamName },
    });
  }
}
