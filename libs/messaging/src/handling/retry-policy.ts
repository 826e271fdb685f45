/**
 * Bounded redelivery: a handler gets `maxDeliver` attempts; between them the message waits
 * `backoffMs[attempt - 1]` (the last entry repeats). After the last failed attempt it is dead-lettered.
 */
export interface RetryPolicy {
  maxDeliver: number;
  backoffMs: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxDeliver: 5, backoffMs: [1_000, 5_000, 30_000, 120_000] };

export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}, defaults = DEFAULT_RETRY_POLICY): RetryPolicy {
  const policy = { ...defaults, ...partial };
  if (!Number.isInteger(policy.maxDeliver) || policy.maxDeliver < 1) throw new RangeError('maxDeliver must be a positive integer');
  if (policy.backoffMs.length === 0 || policy.backoffMs.some((ms) => !(ms >= 0))) {
    throw new RangeError('backoffMs must be a non-empty list of non-negative delays');
  }
  return policy;
}

/** Delay before the next attempt after attempt number `deliveryCount` (1-based) failed. */
export function retryDelayMs(policy: RetryPolicy, deliveryCount: number): number {
  const index = Math.min(Math.max(deliveryCount - 1, 0), policy.backoffMs.length - 1);
  return policy.backoffMs[index];
}
