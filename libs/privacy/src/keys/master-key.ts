import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { InvalidMasterKey } from '../errors';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key-encryption key (KEK) from configuration. Subject keys are stored only wrapped by it
 * (AES-256-GCM, AAD = key id + subject id, so a wrapped key cannot be swapped onto another row).
 * `id` is a fingerprint stored beside each wrapped key: a wrong KEK is reported as such instead of
 * surfacing as a decryption failure.
 */
export class MasterKey {
  private constructor(
    private readonly key: Buffer,
    readonly id: string,
  ) {}

  /** 32 bytes, base64. Throws InvalidMasterKey naming the problem (never echoing the value). */
  static fromBase64(value: string | undefined): MasterKey {
    if (!value) throw new InvalidMasterKey('is required (32 random bytes, base64)');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) throw new InvalidMasterKey('must be base64');
    const key = Buffer.from(value, 'base64');
    if (key.length !== 32) throw new InvalidMasterKey('must decode to exactly 32 bytes');
    return new MasterKey(key, createHash('sha256').update(key).digest('hex').slice(0, 16));
  }

  /** For tests and first-time setup (`node -e` prints one); never persisted by this library. */
  static generate(): MasterKey {
    return MasterKey.fromBase64(randomBytes(32).toString('base64'));
  }

  wrap(material: Buffer, aad: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad));
    const sealed = Buffer.concat([cipher.update(material), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }

  /** Throws when the wrapped key was altered or belongs to another row. */
  unwrap(wrapped: Buffer, aad: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }
}
