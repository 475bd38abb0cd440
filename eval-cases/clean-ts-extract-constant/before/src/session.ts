export function expiresAt(now: number): number {
  return now + 3600 * 1000;
}

export function isExpired(startedAt: number, now: number): boolean {
  return now - startedAt > 3600 * 1000;
}
