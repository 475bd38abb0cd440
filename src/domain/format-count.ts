// Counts for people, with thousands separators: 34,945. Written out rather than toLocaleString,
// whose first call loads the ICU number-formatting data (25 to 60 ms on a hook's run).

/** An integer with a comma every three digits, as en-US writes it; other numbers as toLocaleString('en-US'). */
export function formatCount(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return value < 0 ? `-${digits}` : digits;
}
