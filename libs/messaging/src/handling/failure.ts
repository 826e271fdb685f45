/**
 * What a dead letter and a log line may say about a handler failure: the error's class, its code and
 * its message. Never the stack or the payload: messages in this code base are codes by convention
 * (docs/architecture.md, "Rules that keep it honest"), payloads may hold personal data.
 */
export interface FailureDescription {
  name: string;
  code?: string;
  message: string;
}

const MAX_MESSAGE = 500;

export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name || error.constructor.name,
      ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
      message: error.message.slice(0, MAX_MESSAGE),
    };
  }
  // Nest's RPC exception filter turns errors into `{ status: 'error', message }` (or an RpcException's
  // payload) before they reach the transport; keep what it left us.
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      name: 'RpcError',
      ...(typeof code === 'string' ? { code } : {}),
      message: typeof message === 'string' ? message.slice(0, MAX_MESSAGE) : 'handler failed',
    };
  }
  return { name: 'Error', message: typeof error === 'string' ? error.slice(0, MAX_MESSAGE) : 'handler failed' };
}

/**
 * A handler's refusal of the message itself (e.g. an event that its publisher never recorded): no
 * retry can change it, so both transports dead-letter it at the first attempt, with its code.
 */
export class MessageRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MessageRefused';
  }
}

/** Whether another attempt is pointless: the handler refused the message. */
export const isRefusal = (error: unknown): boolean => error instanceof MessageRefused;
