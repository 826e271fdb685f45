/**
 * Retries an assertion until it passes or the time is up (then its last failure is thrown): for
 * effects that arrive through a subscription or the bus. A bound on waiting, not a speed check.
 */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
