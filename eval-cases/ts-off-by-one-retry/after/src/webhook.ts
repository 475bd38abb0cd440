export const MAX_ATTEMPTS = 3;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function deliver(url: string, body: unknown): Promise<Response> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      return await fetch(url, { method: 'POST', body: JSON.stringify(body) });
    } catch (error) {
      lastError = error;
      await sleep(1000);
    }
  }
  throw lastError;
}
