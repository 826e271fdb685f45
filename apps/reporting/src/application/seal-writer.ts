import { Clock, IdGenerator } from '@wijkteam/contracts';
import { type EventStore, readAllStored, WrongExpectedVersion } from '@wijkteam/event-store';
import { SealBuilder, type ChainHead, headAfter, type Seal } from './seal-chain';
import { chainHeadOf, isSealStream, SEAL_APPENDED, SEAL_STREAM } from './seal-stream';

const SEALER = { userId: 'system-reporting-sealer', role: 'system', organisation: 'wijkteam' };

/**
 * Follows the store's global order from the newest seal and appends a seal every `every` events,
 * and over what is left at the head when asked to (the sealer does when the store is idle). Keeps
 * no checkpoint of its own: the seal stream is the checkpoint, and its expected revision makes two
 * sealers (two replicas) safe: the second one's append fails, it re-reads and carries on from there.
 */
export class SealWriter {
  private head: ChainHead | undefined;
  private builder: SealBuilder | undefined;
  /** The last position read, sealed or pending. */
  private read = 0n;

  constructor(
    private readonly store: EventStore,
    private readonly every: number,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly onSeal: (seal: Seal) => void = () => undefined,
  ) {}

  /**
   * Reads what is new, sealing every full batch. What is left at the head is sealed 'now', or when
   * 'idle': only once a pass finds nothing new (a busy store is sealed in full batches). Returns the events read.
   */
  async sealAvailable(head: 'now' | 'idle'): Promise<number> {
    try {
      return await this.pass(head);
    } catch (error) {
      // Another sealer got there first, or the store failed: start over from the newest seal.
      this.head = undefined;
      if (error instanceof WrongExpectedVersion) return 0;
      throw error;
    }
  }

  private async pass(head: 'now' | 'idle'): Promise<number> {
    if (!this.head) {
      this.head = await chainHeadOf(this.store);
      this.builder = new SealBuilder(this.head);
      this.read = this.head.position;
    }
    let count = 0;
    // Read as stored (format 2 hashes the stored text), to the end; the seals appended on the way are passed over.
    for await (const page of readAllStored(this.store, { fromPosition: this.read === 0n ? 'start' : this.read })) {
      for (const event of page) {
        this.read = event.position;
        if (isSealStream(event.streamName)) continue;
        count += 1;
        this.builder!.add(event);
        if (this.builder!.pending >= this.every) await this.append();
      }
    }
    if ((head === 'now' || count === 0) && this.builder!.pending > 0) await this.append();
    return count;
  }

  private async append(): Promise<void> {
    const seal = this.builder!.seal()!;
    const correlationId = this.ids.next();
    await this.store.appendToStream(
      SEAL_STREAM,
      [{ id: this.ids.next(), type: SEAL_APPENDED, data: seal, metadata: { occurredAt: this.clock.now().toISOString(), actor: SEALER, correlationId, schemaVersion: 1 } }],
      { expectedRevision: seal.sequence === 1 ? 'no_stream' : BigInt(seal.sequence - 2) },
    );
    this.head = headAfter(seal);
    this.builder = new SealBuilder(this.head);
    this.onSeal(seal);
  }
}
