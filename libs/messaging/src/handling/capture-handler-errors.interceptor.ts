import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { MessageContext } from './message-context';

/**
 * Lets dead letters name the handler's real error (class, code, message) instead of Nest's generic
 * "Internal server error". Interceptors see the error before the exception filter replaces it. A
 * no-op for HTTP and for other transports. Registered as APP_INTERCEPTOR by MessagingModule; a hybrid
 * app must connect the transport with `{ inheritAppConfig: true }` for global interceptors to apply.
 */
@Injectable()
export class CaptureHandlerErrors implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const ctx: unknown = context.getType() === 'rpc' ? context.switchToRpc().getContext() : undefined;
    if (!(ctx instanceof MessageContext)) return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        ctx.captureFailure(error);
        return throwError(() => error);
      }),
    );
  }
}
