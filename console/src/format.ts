/** Amounts arrive as exact JSON numbers with at most two decimals; shown with two, never computed on. */
export const money = (amount: number | string | undefined): string => (amount === undefined ? '—' : Number(amount).toFixed(2));

export const dateTime = (iso: string | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

/** "in 23 h 5 min", "2 min ago": the time left until a deadline. */
export function timeLeft(iso: string, now = Date.now()): string {
  const ms = new Date(iso).getTime() - now;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const text = minutes < 1 ? 'less than a minute' : minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return ms >= 0 ? `${text} left` : `overdue by ${text}`;
}

export const words = (code: string): string => code.replace(/[._]/g, ' ');
