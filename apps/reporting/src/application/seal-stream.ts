import { streamOf } from '@wijkteam/contracts';
import type { EventStore } from '@wijkteam/event-store';
import { EMPTY_CHAIN, type ChainHead, headAfter, type Seal } from './seal-chain';

/**
 * The seals live in one stream of reporting's own, `reporting.seals-main`: a private event, never
 * published. Its events are not in the chain (a seal cannot contain its own hash); instead each seal
 * names the hash of the one before, and the sealer logs every seal's hashes, so the newest seal can be
 * compared with a copy kept outside the store (log shipping) — which is what catches someone who
 * rewrites the events and the seals together.
 */
export const SEAL_STREAM = streamOf('reporting', 'seals')('main');
export const SEAL_APPENDED = 'SealAppended';

export const isSealStream = (streamName: string): boolean => streamName === SEAL_STREAM;

/** Every seal in order (a seal is about 10 kB, read one at a time). */
export async function* sealsIn(store: EventStore): AsyncGenerator<Seal> {
  for await (const event of store.readStream(SEAL_STREAM)) if (event.type === SEAL_APPENDED) yield event.data as Seal;
}

/** Where the chain stood after the newest seal: what sealing resumes from. */
export async function chainHeadOf(store: EventStore): Promise<ChainHead> {
  for await (const event of store.readStream(SEAL_STREAM, { direction: 'backwards', maxCount: 1 })) return headAfter(event.data as Seal);
  return EMPTY_CHAIN;
}
