// `--expires 90d | 12w | YYYY-MM-DD | never` to the date an acknowledgement stops applying. Pure.
import { UsageError } from '../errors.js';
import { isDate } from './ack-file.js';
import { DEFAULT_EXPIRY_DAYS } from './default-expiry.js';

const DAY_MS = 86_400_000;
const HINT = 'use a number of days or weeks from today (--expires 90d, --expires 12w), a date (--expires 2027-03-01) or --expires never';

/** The expiry date (YYYY-MM-DD) for a spec, or null for `never`; the default when the spec is absent. */
export function parseExpiry(spec: string | undefined, now: Date): string | null {
  const text = (spec ?? `${DEFAULT_EXPIRY_DAYS}d`).trim();
  if (text.toLowerCase() === 'never') return null;
  const relative = /^(\d{1,5})\s*([dw])$/i.exec(text);
  if (relative) {
    const count = Number(relative[1]) * (relative[2]!.toLowerCase() === 'w' ? 7 : 1);
    if (count < 1) throw new UsageError(`--expires ${spec}: an acknowledgement must last at least one day`, { hint: HINT });
    return new Date(startOfDay(now) + count * DAY_MS).toISOString().slice(0, 10);
  }
  if (isDate(text)) {
    if (Date.parse(`${text}T00:00:00Z`) <= now.getTime()) {
      throw new UsageError(`--expires ${spec}: that date has already begun, so the acknowledgement would never apply`, { hint: HINT });
    }
    return text;
  }
  throw new UsageError(`--expires ${spec}: not a duration or a date`, { hint: HINT });
}

function startOfDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}
