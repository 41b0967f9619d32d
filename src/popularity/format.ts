/**
 * 人气 as Chinese sites print it: exact below 10,000, then 万 and 亿 with one decimal, rounded
 * down so a count is never overstated (19,999 → 1.9万). Shared by the page and the browser script.
 * @example formatViews(123456) // '12.3万'
 */
export function formatViews(n: number): string {
  const oneDecimal = (x: number) => (Math.floor(x * 10) / 10).toFixed(1).replace(/\.0$/, '');
  if (!(n >= 0)) return '0';
  if (n < 10_000) return String(Math.floor(n));
  if (n < 100_000_000) return `${oneDecimal(n / 10_000)}万`;
  return `${oneDecimal(n / 100_000_000)}亿`;
}
