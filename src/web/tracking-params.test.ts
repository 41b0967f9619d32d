import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutTrackingParams } from './tracking-params.js';

describe('tracking parameters', () => {
  it('drops what WeChat, Weibo and ad platforms add to a reader page, keeping the rest as sent and in order', () => {
    const page = '/zh-hans/2025/03/18/7.html';
    assert.equal(withoutTrackingParams(`${page}?from=timeline&isappinstalled=0`), page);
    assert.equal(withoutTrackingParams(`${page}?from=singlemessage&scene=1&clicktime=1700000000&enterid=1700000000`), page);
    assert.equal(withoutTrackingParams(`${page}?utm_source=weibo&UTM_Medium=social&utm%5Fcampaign=x&spm=a2c4g&fbclid=IwAR0&gclid=Cj0`), page);
    assert.equal(withoutTrackingParams('/zh-hant/section/china?utm_source=x&page=2&from=weibo'), '/zh-hant/section/china?page=2');
    assert.equal(withoutTrackingParams('/zh-hans/tag/%E7%BB%8F%E6%B5%8E?page=3&q=%E4%B8%AD'), '/zh-hans/tag/%E7%BB%8F%E6%B5%8E?page=3&q=%E4%B8%AD');
    assert.equal(withoutTrackingParams('/zh-hans?utm_source=x'), '/zh-hans');
  });

  it("keeps the search page's date range, whose first day is called from", () => {
    assert.equal(withoutTrackingParams('/zh-hans/search?q=%E5%9C%B0%E9%93%81&from=2025-01-01&to=2025-03-01&utm_source=x'), '/zh-hans/search?q=%E5%9C%B0%E9%93%81&from=2025-01-01&to=2025-03-01');
  });

  it('leaves addresses outside the editions, and addresses without tracking parameters, exactly as they are', () => {
    for (const url of ['/api/admin/articles?from=2025-01-01', '/admin/login?utm_source=x', '/zh-hans/', '/zh-hans/section/china?page=2&&x=1', '/zh-hans/?%E0%A4%A=1']) {
      assert.equal(withoutTrackingParams(url), url);
    }
  });
});
