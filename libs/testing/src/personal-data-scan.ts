/**
 * A check for tests: does captured text (logs, NATS subjects, stream names, error bodies) contain
 * personal data? Flags the known values (names, birth dates, also written as dd-mm-yyyy and
 * yyyymmdd) case-insensitively, and any 9-digit number passing the BSN eleven test. UUIDs are
 * skipped first: they are the pseudonymous ids that are meant to be there.
 * Returns one finding per hit, naming what kind of value was found and the value itself (tests
 * only; never call this in production code paths that log).
 */
export function findPersonalData(text: string, knownValues: readonly string[]): string[] {
  const findings: string[] = [];
  const haystack = text.toLowerCase();
  for (const known of knownValues) {
    for (const form of formsOf(known)) {
      if (form.length >= 3 && haystack.includes(form.toLowerCase())) findings.push(`known value: ${form}`);
    }
  }
  const withoutUuids = text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ' ');
  for (const match of withoutUuids.matchAll(/(?<!\d)\d{9}(?!\d)/g)) {
    if (isBsnShaped(match[0])) findings.push(`BSN-shaped number: ${match[0]}`);
  }
  return [...new Set(findings)];
}

/** The eleven test (elfproef) of a BSN: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, not 0. */
export function isBsnShaped(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0 && digits !== '000000000';
}

function formsOf(known: string): string[] {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(known.trim());
  if (!date) return [known.trim()];
  const [, y, m, d] = date;
  return [known.trim(), `${d}-${m}-${y}`, `${d}/${m}/${y}`, `${y}${m}${d}`, `${d}${m}${y}`];
}
