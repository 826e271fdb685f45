import { Logger, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TokenVerifier } from '../token-verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';

class NatsHandlers {
  // Deliberately undecorated: over HTTP this would be refused.
  onReferralReceived(): void {}
}

function contextOfType(type: string): ExecutionContext {
  const fail = () => {
    throw new Error('a guard looked at the HTTP request of a non-HTTP context');
  };
  return {
    getType: () => type,
    getHandler: () => NatsHandlers.prototype.onReferralReceived,
    getClass: () => NatsHandlers,
    switchToHttp: fail,
    switchToRpc: fail,
    switchToWs: fail,
    getArgs: fail,
    getArgByIndex: fail,
  } as unknown as ExecutionContext;
}

describe('guards outside HTTP', () => {
  beforeAll(() => Logger.overrideLogger(false));

  const verifier = { verify: () => Promise.reject(new Error('must not verify')) } as unknown as TokenVerifier;

  it.each([['rpc'], ['ws']])('let %s contexts pass: NATS accounts authorise service-to-service calls', async (type) => {
    await expect(new JwtAuthGuard(new Reflector(), verifier).canActivate(contextOfType(type))).resolves.toBe(true);
    expect(new RolesGuard(new Reflector()).canActivate(contextOfType(type))).toBe(true);
  });

  it('refuse the same undecorated handler over HTTP', () => {
    const http = {
      ...contextOfType('http'),
      getType: () => 'http',
      getHandler: () => NatsHandlers.prototype.onReferralReceived,
      getClass: () => NatsHandlers,
    } as unknown as ExecutionContext;
    expect(() => new RolesGuard(new Reflector()).canActivate(http)).toThrow('refused by default');
  });
});
