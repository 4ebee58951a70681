// Display helpers. Times from the API are RFC 3339 UTC; people read them in their own zone.
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: '2-digit' });

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDateTime(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateTime.format(d) : '—';
}

export function formatDate(iso: string | null | undefined): string {
  const d = parse(iso);
  return d ? dateOnly.format(d) : '—';
}

/** "1 minute", "42 seconds", for lock messages. */
export function formatWait(seconds: number): string {
  if (seconds >= 60) {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return s ? `${m} min ${s} s` : `${m} min`;
  }
  return `${seconds} s`;
}

/** The request body of an activity entry, pretty-printed when it is JSON. */
export function prettyBody(data: string): string {
  if (!data) return '';
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}
