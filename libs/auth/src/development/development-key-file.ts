import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import { DEVELOPMENT_ALGORITHM } from '../token-verifier';

export interface DevelopmentKeyPair {
  privateKey: KeyLike;
  publicJwk: JWK;
}

/** A fresh key pair, in memory only. */
export async function generateDevelopmentKeys(): Promise<DevelopmentKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(DEVELOPMENT_ALGORITHM);
  return { privateKey, publicJwk: await exportJWK(publicKey) };
}

/**
 * The development issuer's key pair from its file (a private JWK, mode 0600), created on first use,
 * so tokens outlive a restart of `npm start`. The file is created whole or not at all (written
 * aside, then linked into place), and when two processes start at once the first one's key wins.
 */
export async function developmentKeysFrom(file: string): Promise<DevelopmentKeyPair> {
  if (!fs.existsSync(file)) await createKeyFile(file);
  const jwk = privateJwkIn(file);
  const privateKey = jwk ? await importJWK(jwk, DEVELOPMENT_ALGORITHM).catch(() => undefined) : undefined;
  if (!jwk || !privateKey || privateKey instanceof Uint8Array)
    throw new Error(`development issuer key file ${file} is not an ${DEVELOPMENT_ALGORITHM} private JWK; remove it to create a new key`);
  const { d: _private, ...publicJwk } = jwk;
  return { privateKey, publicJwk };
}

function privateJwkIn(file: string): (JWK & { d: string }) | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<JWK> | null;
    return typeof parsed?.kty === 'string' && typeof parsed.d === 'string' ? (parsed as JWK & { d: string }) : undefined;
  } catch {
    return undefined;
  }
}

async function createKeyFile(file: string): Promise<void> {
  const { privateKey } = await generateKeyPair(DEVELOPMENT_ALGORITHM, { extractable: true });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, JSON.stringify(await exportJWK(privateKey)), { mode: 0o600 });
  try {
    fs.linkSync(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}
