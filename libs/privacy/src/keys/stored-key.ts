import { KeyStoreUnavailable } from '../errors';
import type { MasterKey } from './master-key';
import type { SubjectKey } from './subject-key-store';

/** A key store row, whatever the database: material wrapped, or NULL with a destruction time (tombstone). */
export interface StoredKeyRow {
  key_id: string;
  subject_id: string;
  kek_id: string | null;
  wrapped: Buffer | null;
  destroyed_at: unknown;
}

/** Binds the wrapped material to its key id and subject: a wrapped key moved to another row fails to unwrap. */
export const wrappingAad = (keyId: string, subjectId: string): string => `${keyId}|${subjectId}`;

export function wrapSubjectKey(masterKey: MasterKey, keyId: string, subjectId: string, material: Buffer): Buffer {
  return masterKey.wrap(material, wrappingAad(keyId, subjectId));
}

/** The key of a row, 'destroyed' for a tombstone; a different or wrong master key is a 503, never garbage. */
export function unwrapStoredKey(row: StoredKeyRow, masterKey: MasterKey): SubjectKey | 'destroyed' {
  if (row.destroyed_at !== null || row.wrapped === null) return 'destroyed';
  if (row.kek_id !== masterKey.id) throw new KeyStoreUnavailable('master_key_mismatch');
  try {
    return { keyId: row.key_id, subjectId: row.subject_id, material: masterKey.unwrap(row.wrapped, wrappingAad(row.key_id, row.subject_id)) };
  } catch (error) {
    throw new KeyStoreUnavailable('master_key_mismatch', { cause: error });
  }
}
