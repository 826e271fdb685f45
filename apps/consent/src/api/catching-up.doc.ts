import { ApiServiceUnavailableResponse } from '@nestjs/swagger';

/** The answer of a route that needs the consent index while it catches up (first start, rebuild). */
export const ApiIndexCatchingUp = (): MethodDecorator =>
  ApiServiceUnavailableResponse({ description: 'projection_catching_up: the consent index is catching up with the history (a first start, a rebuild); retry after Retry-After.' });
