import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MasterKey } from './master-key';
import { SqliteSubjectKeyStore } from './sqlite-subject-key-store';
import { subjectKeyStoreContract } from './subject-key-store.contract';

/** A key store path that cannot be created: its parent "directory" is a regular file. */
async function openUnreachable(masterKey: MasterKey): Promise<SqliteSubjectKeyStore> {
  const dir = mkdtempSync(join(tmpdir(), 'subject-keys-'));
  try {
    writeFileSync(join(dir, 'not-a-directory'), '');
    return SqliteSubjectKeyStore.open(join(dir, 'not-a-directory', 'keys.db'), masterKey);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A fresh file per test, in a directory that does not exist yet (the store must create it).
subjectKeyStoreContract(
  'SQLite file',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subject-keys-'));
    const path = join(dir, 'nested', 'subject-keys.db');
    return {
      open: async (masterKey) => SqliteSubjectKeyStore.open(path, masterKey),
      // the main file and the WAL, where fresh pages sit until a checkpoint
      rawContents: async () => Buffer.concat([readFileSync(path), readFileSync(`${path}-wal`, { flag: 'a+' })]),
      teardown: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  { reopenable: true, openUnreachable },
);

// One connection, one database: no second instance, so the replica cases do not apply.
subjectKeyStoreContract(
  'SQLite :memory:',
  async () => {
    let store: SqliteSubjectKeyStore | undefined;
    return {
      async open(masterKey) {
        if (store) throw new Error('a :memory: database cannot be opened twice');
        store = SqliteSubjectKeyStore.open(':memory:', masterKey);
        return store;
      },
      // the whole database image, free pages included
      rawContents: async () => (store ? store['db'].serialize() : Buffer.alloc(0)),
      teardown: async () => undefined,
    };
  },
  { reopenable: false, openUnreachable },
);
