import {
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../authenticated-user';
import { bearerTokenFrom } from '../bearer';
import { routeAccess } from '../route-access';
import { IdentityProviderUnavailable, TokenRejected, rejectionCode, type TokenRejectionReason } from '../token-rejected';
import { TokenVerifier } from '../token-verifier';

interface ResponseWithHeaders {
  setHeader?: (name: string, value: string) => unknown;
}

// The keys are fetched again on the next request; the runtime's error mapping uses the same value.
const RETRY_AFTER_SECONDS = '5';

/**
 * Authenticates every HTTP request to a non-public route and puts the user on `request.user`.
 * Other transports pass: which service may call which is NATS accounts' matter, and a request on a
 * user's behalf carries that user's token, verified by the receiver (UserRequests, libs/runtime).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (routeAccess(this.reflector, context).kind === 'public') return true;

    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const token = bearerTokenFrom(request.headers.authorization);
    if (!token) throw this.unauthorized(http.getResponse<ResponseWithHeaders>(), 'missing bearer token');
    try {
      request.user = await this.verifier.verify(token);
      return true;
    } catch (error) {
      if (error instanceof TokenRejected) {
        // The reason only: the token and its claims stay out of the logs.
        this.logger.debug(`token rejected: ${error.reason}`);
        throw this.unauthorized(http.getResponse<ResponseWithHeaders>(), error.reason);
      }
      if (error instanceof IdentityProviderUnavailable) {
        this.logger.warn(`identity provider keys unavailable: ${error.code}`);
        const response = http.getResponse<ResponseWithHeaders>();
        if (typeof response?.setHeader === 'function') response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
        throw new ServiceUnavailableException({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'identity_provider_unavailable',
          message: 'identity provider unavailable',
        });
      }
      throw error;
    }
  }

  // RFC 6750 §3: tell the client which scheme is expected and, for a bad token, why.
  private unauthorized(response: ResponseWithHeaders, reason: TokenRejectionReason): UnauthorizedException {
    const challenge =
      reason === 'missing bearer token' ? 'Bearer' : `Bearer error="invalid_token", error_description="${reason}"`;
    if (typeof response?.setHeader === 'function') response.setHeader('WWW-Authenticate', challenge);
    return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: rejectionCode(reason), message: reason });
  }
}
