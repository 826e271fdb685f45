import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DevelopmentIssuer, findDemoUser } from '@wijkteam/auth';
import type { CommandContext } from '@wijkteam/runtime';

/**
 * The demo works as its users would: a command context of a demo user carries a token of the
 * development issuer, so what a service asks another on that user's behalf (consent.decide,
 * safety.assess-etm) is verified there like a coach's own request. Development mode only: the demo
 * users are the development issuer's.
 */
@Injectable()
export class DemoActors {
  constructor(private readonly modules: ModuleRef) {}

  /** The development issuer, or undefined outside development mode (no demo then). */
  issuer(): DevelopmentIssuer | undefined {
    try {
      return this.modules.get(DevelopmentIssuer, { strict: false });
    } catch {
      return undefined;
    }
  }

  /** `context` as the demo user `userId`: their role and organisation, and their token. */
  async as(userId: string, context: CommandContext): Promise<CommandContext> {
    const user = findDemoUser(userId);
    const issuer = this.issuer();
    if (!user || !issuer) throw new Error('demo actors need the development issuer and a demo user');
    return { ...context, actor: { userId: user.userId, role: user.roles[0], organisation: user.organisation }, token: await issuer.issueDevelopmentToken(userId) };
  }
}
