import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KeyRing, MasterKey, PostgresSubjectKeyStore, SqliteSubjectKeyStore, type SubjectKeyStore } from '@wijkteam/privacy';
import { type AppConfig, isPostgresKeyStoreUrl } from './config';

export interface SubjectKeys {
  ring: KeyRing;
  store: SubjectKeyStore;
  /** True when no master key was configured and the development key file is in use. */
  developmentMasterKey: boolean;
}

/**
 * The per-client key store, apart from the events (keys and ciphertext never share a backup), its
 * key material wrapped by the master key. SQLite (its own file) for one process; PostgreSQL when
 * several replicas of a service must share their keys, so that a key created by one is known to the
 * other and an erasure through one holds for all. Production takes the master key from the secret
 * store (SUBJECT_KEY_MASTER_KEY, required by the configuration for PostgreSQL); the embedded default
 * keeps a development key beside its data and says so in the log.
 */
export async function openSubjectKeys(config: AppConfig): Promise<SubjectKeys> {
  const url = config.SUBJECT_KEY_STORE_URL;
  const store = isPostgresKeyStoreUrl(url)
    ? await PostgresSubjectKeyStore.open(url, MasterKey.fromBase64(config.SUBJECT_KEY_MASTER_KEY))
    : openSqlite(url.slice('sqlite:'.length), config);
  return { ring: new KeyRing(store, { ttlMs: config.SUBJECT_KEY_CACHE_SECONDS * 1000 }), store, developmentMasterKey: !config.SUBJECT_KEY_MASTER_KEY };
}

function openSqlite(file: string, config: AppConfig): SqliteSubjectKeyStore {
  const master = config.SUBJECT_KEY_MASTER_KEY ? MasterKey.fromBase64(config.SUBJECT_KEY_MASTER_KEY) : developmentMasterKey(file);
  return SqliteSubjectKeyStore.open(file, master);
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
