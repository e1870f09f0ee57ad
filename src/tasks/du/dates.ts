// Calendar arithmetic on day numbers (proleptic Gregorian), and the two date formats the task writes.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
export function toDays({ y, m, d }: Ymd): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDays(days: number): Ymd {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: era * 400 + yoe + (m <= 2 ? 1 : 0), m, d };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** MM/DD/YYYY. */
export const mdy = (days: number) => {
  const { y, m, d } = fromDays(days);
  return `${pad(m)}/${pad(d)}/${y}`;
};

/** `Jan 2, 1958`. */
export const spelled = (days: number) => {
  const { y, m, d } = fromDays(days);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
};

/** Day number of an MM/DD/YYYY string, or null when it is not a real date. */
export function parseMdy(text: string): number | null {
  const m = /^(\d\d)\/(\d\d)\/(\d{4})$/.exec(text);
  if (!m) return null;
  const ymd = { y: Number(m[3]), m: Number(m[1]), d: Number(m[2]) };
  const days = toDays(ymd);
  const back = fromDays(days);
  return back.m === ymd.m && back.d === ymd.d ? days : null;
}
