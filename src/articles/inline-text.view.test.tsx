import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render } from 'preact-render-to-string';
import { InlineText } from './inline-text.view.js';

describe('InlineText', () => {
  it('renders plain text when there are no spans, escaped', () => {
    assert.equal(render(<InlineText text={'a<b>&"c'} />), 'a&lt;b>&amp;&quot;c');
  });

  it('nests a link around bold around italic', () => {
    assert.equal(
      render(<InlineText text="甲乙" spans={[{ text: '甲' }, { text: '乙', bold: true, italic: true, href: 'mailto:desk@example.org' }]} />),
      '甲<a href="mailto:desk@example.org"><strong><em>乙</em></strong></a>',
    );
  });

  it('never links an unsafe target that got past validation, keeping the text', () => {
    assert.equal(render(<InlineText text="点" spans={[{ text: '点', href: 'javascript:alert(1)' }]} />), '点');
  });
});
