/** How long a session lasts. */
export const SESSION_MS = 3600 * 1000;

export function expiresAt(now: number): number {
  return now + SESSION_MS;
}

export function isExpired(startedAt: number, now: number): boolean {
  return now - startedAt > SESSION_MS;
}
