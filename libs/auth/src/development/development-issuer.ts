import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { calculateJwkThumbprint, SignJWT } from 'jose';
import type { JSONWebKeySet, JWK, KeyLike } from 'jose';
import { claimsOf } from '../claims';
import { DEVELOPMENT_ALGORITHM } from '../token-verifier';
import { findDemoUser } from './demo-users';
import { developmentKeysFrom, generateDevelopmentKeys } from './development-key-file';

export const DEVELOPMENT_TOKEN_LIFETIME_SECONDS = 60 * 60;

/**
 * Variations for tests of the refusal paths (expired, wrong issuer or audience) signed with the
 * real development key. Harmless: in development mode anyone may already get a token for anyone.
 */
export interface DevelopmentTokenOptions {
  issuedAt?: Date;
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
}

export class UnknownDemoUser extends Error {
  constructor() {
    super('userId is not one of the demo users');
    this.name = 'UnknownDemoUser';
  }
}

/**
 * An in-process token issuer for development and tests. With a key file its key pair is kept there
 * (mode 0600) and reused at the next start, so tokens handed out before a restart stay valid;
 * without one it lives only in memory and its tokens die with the process. AuthModule provides it
 * only in 'development' mode.
 */
@Injectable()
export class DevelopmentIssuer {
  private constructor(
    private readonly privateKey: KeyLike,
    private readonly publicJwk: JWK,
    private readonly issuer: string,
    private readonly audience: string,
  ) {}

  static async create(options: { issuer: string; audience: string; keyFile?: string }): Promise<DevelopmentIssuer> {
    const { privateKey, publicJwk } = options.keyFile ? await developmentKeysFrom(options.keyFile) : await generateDevelopmentKeys();
    const kid = await calculateJwkThumbprint(publicJwk);
    return new DevelopmentIssuer(privateKey, { ...publicJwk, kid, alg: DEVELOPMENT_ALGORITHM, use: 'sig' }, options.issuer, options.audience);
  }

  /** The public keys, as an OIDC provider publishes them at its jwks_uri. */
  jwks(): JSONWebKeySet {
    return { keys: [{ ...this.publicJwk }] };
  }

  /** A signed access token for a demo user; throws UnknownDemoUser for any other id. */
  async issueDevelopmentToken(userId: string, options: DevelopmentTokenOptions = {}): Promise<string> {
    const user = findDemoUser(userId);
    if (!user) throw new UnknownDemoUser();
    const issuedAt = Math.floor((options.issuedAt?.getTime() ?? Date.now()) / 1000);
    return new SignJWT(claimsOf(user))
      .setProtectedHeader({ alg: DEVELOPMENT_ALGORITHM, kid: this.publicJwk.kid, typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (options.expiresInSeconds ?? DEVELOPMENT_TOKEN_LIFETIME_SECONDS))
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}
