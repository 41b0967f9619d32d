import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanPastedHtml } from './paste.js';

/** What Word for Windows puts on the clipboard for a short report (trimmed, structure kept). */
const WORD_CLIPBOARD = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:10.5pt; font-family:等线;} @list l0:level1 {mso-level-number-format:bullet;} --></style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;word-wrap:break-word'>
<!--StartFragment-->
<h1 style='mso-margin-top-alt:auto'><span style='font-family:黑体;mso-ascii-font-family:"Times New Roman"'>老旧小区加装电梯三年行动启动<o:p></o:p></span></h1>
<p class=MsoNormal style='text-indent:21.0pt;mso-char-indent-count:2.0'><span style='font-size:12.0pt;font-family:宋体'>市住房和城乡建设委员会今天上午召开新闻发布会。</span><b><span lang=EN-US style='font-size:12.0pt'>2027</span></b><span style='font-size:12.0pt;font-family:宋体'>年底前完成<font color=red>3500</font>台。<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<h3><span style='font-family:黑体'>补贴比例提高至四成</span></h3>
<p class=MsoListParagraphCxSpFirst style='margin-left:21.0pt;text-indent:-21.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span lang=EN-US style='font-family:Wingdings;mso-fareast-font-family:Wingdings'><span style='mso-list:Ignore'>l<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><!--[endif]--><span style='font-family:宋体'>市、区两级财政按六比四承担；<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='margin-left:21.0pt;text-indent:-21.0pt;mso-list:l0 level1 lfo1'><!--[if !supportLists]--><span lang=EN-US style='font-family:Wingdings'><span style='mso-list:Ignore'>l<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span></span><!--[endif]--><span style='font-family:宋体'>纳入专项债券支持范围。<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span lang=EN-US><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span></span><!--[endif]--><span>提交申请</span></p>
<p class=MsoListParagraphCxSpLast style='mso-list:l1 level1 lfo2'><!--[if !supportLists]--><span lang=EN-US><span style='mso-list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span></span><!--[endif]--><span>现场核查</span></p>
<p class=MsoNormal style='margin-left:21pt'><i><span style='font-family:楷体'>“让高层和低层住户都觉得公平。”</span></i></p>
<!--EndFragment-->
</body></html>`;

describe('cleanPastedHtml', () => {
  const cleaned = cleanPastedHtml(WORD_CLIPBOARD);

  it('removes Office head, XML, styles, comments and namespaced tags', () => {
    for (const junk of ['<style', '<xml', '<meta', '<!--', 'o:p', 'mso-', 'MsoNormal', 'Wingdings', 'StartFragment']) {
      assert.ok(!cleaned.includes(junk), `still has ${junk}: ${cleaned}`);
    }
  });

  it('drops spans, fonts and every style, class and lang attribute, keeping their text', () => {
    assert.ok(!/<span|<font|style=|class=|lang=/i.test(cleaned), cleaned);
    assert.match(cleaned, /市住房和城乡建设委员会今天上午召开新闻发布会。<b>2027<\/b>年底前完成3500台。/);
  });

  it('turns every heading level into h2', () => {
    assert.match(cleaned, /<h2>老旧小区加装电梯三年行动启动<\/h2>/);
    assert.match(cleaned, /<h2>补贴比例提高至四成<\/h2>/);
    assert.ok(!/<h[13456]/.test(cleaned));
  });

  it("turns Word's list paragraphs into real lists without the typed bullets and numbers", () => {
    assert.match(cleaned, /<ul><li><p>市、区两级财政按六比四承担；<\/p><\/li><li><p>纳入专项债券支持范围。<\/p><\/li><\/ul>/);
    assert.match(cleaned, /<ol><li><p>提交申请<\/p><\/li><li><p>现场核查<\/p><\/li><\/ol>/);
  });

  it('drops empty paragraphs', () => {
    assert.ok(!/<p>\s*<\/p>/.test(cleaned), cleaned);
  });

  it('cleans a web page fragment: classes, inline styles and data attributes go, links keep their href', () => {
    const html = '<div class="article" data-id="9"><p style="color:#333" class="x">正文<a href="https://example.org/a" class="l" style="color:red">链接</a></p><h4 id="s1">小节</h4></div>';
    assert.equal(cleanPastedHtml(html), '<div><p>正文<a href="https://example.org/a">链接</a></p><h2>小节</h2></div>');
  });

  it("keeps Word's bold and italic as bare tags", () => {
    assert.match(cleaned, /<b>2027<\/b>/);
    assert.match(cleaned, /<p><i>“让高层和低层住户都觉得公平。”<\/i><\/p>/);
  });

  it('keeps bold, italic and safe links; other marks keep their text only', () => {
    const html =
      '<p><strong class="x">粗</strong><em>斜</em><u>下划线</u><s>删除线</s><code>代码</code>' +
      '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="nofollow" title="t">外链</a>' +
      '<a href=\'/2025/03/18/1.html\'>站内</a><a href=mailto:desk@example.org>邮件</a></p>';
    assert.equal(
      cleanPastedHtml(html),
      '<p><strong>粗</strong><em>斜</em>下划线删除线<code>代码</code><a href="https://example.org/a?b=1&amp;c=2">外链</a><a href="/2025/03/18/1.html">站内</a><a href="mailto:desk@example.org">邮件</a></p>',
    );
  });

  it('drops links with unsafe targets, keeping their text', () => {
    for (const href of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,x', '//evil.example', '/&#47;evil.example', 'java&#x0A;script:x', '#_Toc1', 'relative/path']) {
      assert.equal(cleanPastedHtml(`<p>看<a href="${href}">这里</a>。</p>`), '<p>看这里。</p>', href);
    }
    assert.equal(cleanPastedHtml('<p><a name="_Toc1">目录锚点</a></p>'), '<p>目录锚点</p>');
  });

  it('reads Google Docs styling: the font-weight:normal wrapper is not bold, styled spans are', () => {
    const html =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b"><p dir="ltr" style="line-height:1.38">' +
      '<span style="font-size:11pt;font-weight:700;font-style:normal">粗体</span><span style="font-weight:400;font-style:italic">斜体</span>' +
      '<span style="font-weight:400">普通</span></p></b><br class="Apple-interchange-newline">';
    assert.equal(cleanPastedHtml(html), '<p><strong>粗体</strong><em>斜体</em>普通</p><br>');
  });

  it("treats Word's mso-bidi-font-weight:normal as still bold", () => {
    assert.equal(cleanPastedHtml("<p><b style='mso-bidi-font-weight:normal'><span>重点</span></b></p>"), '<p><b>重点</b></p>');
  });

  it('strips bullets typed by hand in list items', () => {
    assert.equal(cleanPastedHtml('<ul><li>• 一项</li><li>1. 二项</li></ul>'), '<ul><li>一项</li><li>二项</li></ul>');
  });
});
