import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KeyRing, MasterKey, SqliteSubjectKeyStore, type SubjectKeyStore } from '@wijkteam/audit';
import type { AppConfig } from './config';

export interface SubjectKeys {
  ring: KeyRing;
  store: SubjectKeyStore;
  /** True when no master key was configured and the development key file is in use. */
  developmentMasterKey: boolean;
}

/**
 * The per-client key store, in its own file apart from the events (keys and ciphertext never share a
 * backup), its key material wrapped by the master key. Production takes the master key from the
 * secret store (SUBJECT_KEY_MASTER_KEY); the embedded default keeps a development key beside its
 * data and says so in the log.
 */
export function openSubjectKeys(config: AppConfig): SubjectKeys {
  const file = config.SUBJECT_KEY_STORE_URL.slice('sqlite:'.length);
  const master = config.SUBJECT_KEY_MASTER_KEY ? MasterKey.fromBase64(config.SUBJECT_KEY_MASTER_KEY) : developmentMasterKey(file);
  const store = SqliteSubjectKeyStore.open(file, master);
  return { ring: new KeyRing(store), store, developmentMasterKey: !config.SUBJECT_KEY_MASTER_KEY };
}

function developmentMasterKey(keyStoreFile: string): MasterKey {
  if (keyStoreFile === ':memory:') return MasterKey.generate();
  const keyFile = path.join(path.dirname(keyStoreFile), 'master-key.development');
  if (!fs.existsSync(keyFile)) {
    fs.mkdirSync(path.dirname(keyFile), { recursive: true });
    fs.writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return MasterKey.fromBase64(fs.readFileSync(keyFile, 'utf8').trim());
}
