/**
 * Where a relay or an in-process handler group remembers the position of the last event it is done
 * with. Kept where the events are (the store's SQLite file in the embedded setup), so a restored
 * backup of the store comes with matching checkpoints. Positions are exclusive starting points:
 * pass a loaded checkpoint straight to `subscribeToAll({ fromPosition })`.
 */
export abstract class CheckpointStore {
  /** The stored position, or undefined when nothing was stored (start from the beginning). */
  abstract load(name: string): Promise<bigint | undefined>;
  abstract save(name: string, position: bigint): Promise<void>;
  /** Forget the checkpoint: the next start reads from the beginning. */
  abstract reset(name: string): Promise<void>;
}

/** For tests and throwaway setups: checkpoints that do not survive the process. */
export class InMemoryCheckpointStore extends CheckpointStore {
  private readonly positions = new Map<string, bigint>();

  async load(name: string): Promise<bigint | undefined> {
    return this.positions.get(name);
  }

  async save(name: string, position: bigint): Promise<void> {
    this.positions.set(name, position);
  }

  async reset(name: string): Promise<void> {
    this.positions.delete(name);
  }
}
