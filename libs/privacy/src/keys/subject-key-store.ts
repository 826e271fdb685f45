/** A data subject's (client's) data key, unwrapped, in memory only. */
export interface SubjectKey {
  keyId: string;
  subjectId: string;
  /** 32 bytes for AES-256-GCM. */
  material: Buffer;
}

/**
 * Where subject keys live, apart from the events they protect: destroying a key here erases the
 * subject's personal data everywhere the events were copied (crypto-shredding). Implementations
 * store key material only wrapped by a master key, and throw KeyStoreUnavailable when they fail.
 */
export interface SubjectKeyStore {
  /** The subject's key, created on first use. Throws SubjectErased once the subject was erased. */
  keyForSubject(subjectId: string): Promise<SubjectKey>;
  /** The key; 'destroyed' after erasure; undefined when this store never issued the id. */
  keyById(keyId: string): Promise<SubjectKey | 'destroyed' | undefined>;
  /**
   * Destroys the subject's key material for good (idempotent) and bars new keys for the subject.
   * Returns the ids of the subject's keys.
   */
  destroyKeysOf(subjectId: string, at: Date): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
