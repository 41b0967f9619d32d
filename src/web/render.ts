import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a page component to a complete HTML document. Text is escaped by preact. */
export function renderDocument(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/**
 * JSON for a `<script type="application/ld+json">` block. `<` is escaped so that no value,
 * however hostile, can close the script element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
