import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'wijkteam:auth:public';

/** Opens a route (or a whole controller) to callers without a token: health, the development issuer. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
