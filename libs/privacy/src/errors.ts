/**
 * Errors of the privacy layer. They carry `code` and `httpStatus`, which libs/runtime's HTTP filter
 * answers as is. Messages are fixed texts: never a subject id, key id, path value or SQL error text,
 * because error messages end up in logs.
 */
export abstract class PrivacyError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
}

/** The subject key store cannot be reached or failed: 503, and nothing was appended. */
export class KeyStoreUnavailable extends PrivacyError {
  readonly code = 'key_store_unavailable';
  readonly httpStatus = 503;
  constructor(
    readonly reason: 'unreachable' | 'unknown_key' | 'master_key_mismatch' = 'unreachable',
    options?: { cause?: unknown },
  ) {
    super(`key store unavailable: ${reason}`, options);
    this.name = 'KeyStoreUnavailable';
  }
}

/** New personal data for a subject whose key was destroyed: erasure is final. */
export class SubjectErased extends PrivacyError {
  readonly code = 'subject_erased';
  readonly httpStatus = 409;
  constructor() {
    super('the personal data of this subject has been erased');
    this.name = 'SubjectErased';
  }
}

/** A ciphertext failed authentication: tampered with, or moved to another event or field. */
export class PersonalDataIntegrityError extends PrivacyError {
  readonly code = 'personal_data_integrity';
  readonly httpStatus = 500;
  constructor(readonly field: string) {
    super(`personal data failed its integrity check: ${field}`);
    this.name = 'PersonalDataIntegrityError';
  }
}

/** An event carries personal data the policy cannot bind to a subject. Nothing was appended. */
export class PersonalDataPolicyViolation extends PrivacyError {
  readonly code = 'personal_data_policy_violation';
  readonly httpStatus = 500;
  constructor(
    readonly field: string,
    readonly problem: 'subject_missing' | 'already_encoded',
  ) {
    super(`personal data policy violation: ${field} ${problem}`);
    this.name = 'PersonalDataPolicyViolation';
  }
}

/** The master key (KEK) from configuration is missing or malformed: stop at start-up. */
export class InvalidMasterKey extends Error {
  constructor(problem: string) {
    super(`SUBJECT_KEY_MASTER_KEY: ${problem}`);
    this.name = 'InvalidMasterKey';
  }
}
