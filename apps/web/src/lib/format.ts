/**
 * Display helpers. Money is kept as decimal strings of 万元 end to end (as the API sends it); it is only
 * turned into a number for display and charts.
 */
export function toNumber(amount: string | number | null | undefined): number | null {
  if (amount === null || amount === undefined || amount === '') return null;
  const n = typeof amount === 'number' ? amount : Number(amount);
  return Number.isFinite(n) ? n : null;
}

/**
 * Money as the bureau writes it: 亿元 from 10,000 万元 up, else 万元. In English the same amount in yuan,
 * shortened to millions or billions (¥1.25 bn).
 */
export function formatMoney(amount: string | number | null | undefined, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  const n = toNumber(amount);
  if (n === null) return '—';
  if (lang === 'en') {
    const yuan = n * 10_000;
    const abs = Math.abs(yuan);
    const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });
    if (abs >= 1e9) return `¥${fmt(yuan / 1e9)} bn`;
    if (abs >= 1e6) return `¥${fmt(yuan / 1e6)} m`;
    return `¥${fmt(yuan)}`;
  }
  if (Math.abs(n) >= 10_000) return `${(n / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}亿元`;
  return `${n.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}万元`;
}

/** ISO timestamp → "2025-06-01 14:05" in the browser's zone (the bureau's is Asia/Shanghai). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today as YYYY-MM-DD in Asia/Shanghai, the zone every business date is in. */
export function businessToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole days between two YYYY-MM-DD dates (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The current month as YYYY-MM in Asia/Shanghai (the 月调度 period). */
export function currentPeriod(now = new Date()): string {
  return businessToday(now).slice(0, 7);
}
