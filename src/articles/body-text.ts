import type { BodyBlock } from './model.js';

/**
 * The text a reader sees in a block: a list's items, an image's caption (alt text is for
 * screen readers and the credit is not copy), every other block's text. For reading time,
 * word counts and script detection. Always plain: bold, italic and links live in `spans`,
 * whose texts add up to the same string.
 */
export function blockTexts(block: BodyBlock): string[] {
  switch (block.type) {
    case 'paragraph':
    case 'subheading':
    case 'quote':
      return [block.text];
    case 'list':
      return block.items;
    case 'image':
      return block.caption ? [block.caption] : [];
  }
}

/** Every block's text, joined by `separator`. */
export function bodyPlainText(body: readonly BodyBlock[], separator = '\n'): string {
  return body.flatMap(blockTexts).join(separator);
}
