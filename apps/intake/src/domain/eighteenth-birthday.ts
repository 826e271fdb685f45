/**
 * The day a youth turns 18 (seed 004: the 18-/18+ transition starts before it), from a birth date
 * YYYY-MM-DD, in UTC calendar days. Born on 29 February: 18 full years have passed on 1 March of a
 * year that has no 29 February.
 */
export function eighteenthBirthdayOf(birthDate: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]) + 18, Number(match[2]), Number(match[3])];
  // Date.UTC rolls an absent 29 February over to 1 March.
  const date = new Date(Date.UTC(year, month - 1, day));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}
