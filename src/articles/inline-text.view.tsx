import { isExternalHref, isSafeHref } from './inline-spans.js';
import type { InlineSpan } from './model.js';

function Span({ span }: { span: InlineSpan }) {
  let content = <>{span.text}</>;
  if (span.italic) content = <em>{content}</em>;
  if (span.bold) content = <strong>{content}</strong>;
  // The schema only stores safe targets; this check keeps a bad one from ever reaching a page.
  if (span.href !== undefined && isSafeHref(span.href)) {
    // Editors chose these links (they are not reader content), so no nofollow; no target either.
    content = (
      <a href={span.href} rel={isExternalHref(span.href) ? 'noopener' : undefined}>
        {content}
      </a>
    );
  }
  return content;
}

/** A block's text with its bold, italic and links; plain text when it has no spans. Escaped like all text. */
export function InlineText({ text, spans }: { text: string; spans?: InlineSpan[] | null | undefined }) {
  if (!spans) return <>{text}</>;
  return (
    <>
      {spans.map((span) => (
        <Span span={span} />
      ))}
    </>
  );
}
