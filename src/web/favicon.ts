const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * The site icon: the first character of the outlet's short name, white on the accent red,
 * as SVG (no image files to ship or configure).
 */
export function faviconSvg(shortName: string): string {
  const letter = (Array.from(shortName.trim())[0] ?? '新').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#a8141b"/><text x="32" y="45" font-size="38" text-anchor="middle" fill="#fff" font-family="'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif" font-weight="700">${letter}</text></svg>`;
}
