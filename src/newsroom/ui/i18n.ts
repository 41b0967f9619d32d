/**
 * Every string of the newsroom UI, in Simplified Chinese (the default), Traditional Chinese and
 * English. The server renders with it and hands the chosen language's table to the browser
 * script, so both sides speak from one table. Pure data: imported by server and client.
 */

export const UI_LANGS = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type UiLang = (typeof UI_LANGS)[number];

/** The cookie that remembers a `?lang=` choice. */
export const UI_LANG_COOKIE = 'xinwen_ui_lang';

type Entry = Readonly<Record<UiLang, string>>;
const t = (zhHans: string, zhHant: string, en: string): Entry => ({ 'zh-Hans': zhHans, 'zh-Hant': zhHant, en });

export const UI_STRINGS = {
  appName: t('新闻编辑部', '新聞編輯部', 'Newsroom'),
  language: t('界面语言', '介面語言', 'Language'),
  loginTitle: t('登录编辑部', '登入編輯部', 'Sign in to the newsroom'),
  email: t('邮箱', '郵箱', 'Email'),
  password: t('密码', '密碼', 'Password'),
  login: t('登录', '登入', 'Sign in'),
  loggingIn: t('正在登录…', '正在登入…', 'Signing in…'),
  needsJs: t('编辑部需要启用 JavaScript。', '編輯部需要啟用 JavaScript。', 'The newsroom needs JavaScript.'),
  changePasswordTitle: t('请先设置新密码', '請先設定新密碼', 'Choose a new password first'),
  changePasswordHelp: t('您用的是一次性密码，继续之前请设置自己的密码。', '您用的是一次性密碼，繼續之前請設定自己的密碼。', 'You signed in with a one-time password; choose your own to go on.'),
  currentPassword: t('当前密码', '目前密碼', 'Current password'),
  newPassword: t('新密码', '新密碼', 'New password'),
  repeatPassword: t('再次输入新密码', '再次輸入新密碼', 'New password again'),
  passwordsDiffer: t('两次输入的新密码不一致。', '兩次輸入的新密碼不一致。', 'The new passwords differ.'),
  setPassword: t('设置密码并继续', '設定密碼並繼續', 'Set password and go on'),
  logout: t('退出', '登出', 'Log out'),
  logoutEverywhere: t('退出所有设备', '登出所有裝置', 'Log out everywhere'),
  confirmLogoutEverywhere: t('确定要退出所有设备上的登录吗？', '確定要登出所有裝置嗎？', 'Log out on every device?'),
  dashboard: t('工作台', '工作台', 'Dashboard'),
  newArticle: t('写新稿', '寫新稿', 'New article'),
  myDrafts: t('我的草稿与退稿', '我的草稿與退稿', 'My drafts and returns'),
  deskQueue: t('待审稿件', '待審稿件', 'Waiting for sign-off'),
  queueScope: t('待审稿件范围', '待審稿件範圍', 'Which desks'),
  queueMyDesks: t('我的栏目', '我的欄目', 'My desks'),
  queueAllDesks: t('全部栏目', '全部欄目', 'All desks'),
  scheduled: t('定时签发', '定時簽發', 'Scheduled'),
  recentlyPublished: t('最近签发', '最近簽發', 'Recently published'),
  allArticles: t('全部稿件', '全部稿件', 'All articles'),
  filterStatus: t('状态', '狀態', 'Status'),
  filterSection: t('栏目', '欄目', 'Section'),
  filterTitle: t('标题包含', '標題包含', 'Title contains'),
  anyStatus: t('全部状态', '全部狀態', 'Any status'),
  anySection: t('全部栏目', '全部欄目', 'Any section'),
  search: t('筛选', '篩選', 'Filter'),
  nothingHere: t('暂无稿件', '暫無稿件', 'Nothing here'),
  loading: t('加载中…', '載入中…', 'Loading…'),
  colTitle: t('标题', '標題', 'Title'),
  colStatus: t('状态', '狀態', 'Status'),
  colSection: t('栏目', '欄目', 'Section'),
  colAuthor: t('作者', '作者', 'Author'),
  colUpdated: t('更新时间', '更新時間', 'Updated'),
  totalCount: t('共 {n} 篇', '共 {n} 篇', '{n} in all'),
  prevPage: t('上一页', '上一頁', 'Previous'),
  nextPage: t('下一页', '下一頁', 'Next'),
  editArticle: t('编辑稿件', '編輯稿件', 'Edit article'),
  title: t('标题', '標題', 'Headline'),
  subtitle: t('副标题', '副標題', 'Subtitle'),
  summary: t('摘要', '摘要', 'Summary'),
  body: t('正文', '正文', 'Body'),
  section: t('栏目', '欄目', 'Section'),
  tags: t('标签', '標籤', 'Tags'),
  tagsHint: t('用逗号或回车分隔', '用逗號或Enter分隔', 'Separate with a comma or Enter'),
  removeTag: t('删除标签', '刪除標籤', 'Remove tag'),
  dateline: t('电头', '電頭', 'Dateline'),
  datelineSource: t('来源', '來源', 'Source'),
  datelineDate: t('日期', '日期', 'Date'),
  datelinePlace: t('地点', '地點', 'Place'),
  datelineKind: t('类型', '類型', 'Kind'),
  byline: t('署名', '署名', 'Byline'),
  reporters: t('记者（用逗号分隔）', '記者（用逗號分隔）', 'Reporters (comma-separated)'),
  reportType: t('报导方式', '報導方式', 'Report type'),
  bylinePlace: t('地点', '地點', 'Place'),
  related: t('相关新闻', '相關新聞', 'Related headlines'),
  relatedSearch: t('搜索稿件标题，回车添加', '搜尋稿件標題，Enter 新增', 'Search headlines, Enter to add'),
  moveUp: t('上移', '上移', 'Move up'),
  moveDown: t('下移', '下移', 'Move down'),
  remove: t('删除', '刪除', 'Remove'),
  seo: t('搜索引擎', '搜尋引擎', 'Search engines'),
  seoTitle: t('SEO 标题', 'SEO 標題', 'SEO title'),
  seoDescription: t('SEO 描述', 'SEO 描述', 'SEO description'),
  chars: t('{n} 字', '{n} 字', '{n} characters'),
  readingTime: t('约 {n} 分钟读完', '約 {n} 分鐘讀完', 'about {n} min read'),
  save: t('保存', '儲存', 'Save'),
  saving: t('正在保存…', '正在儲存…', 'Saving…'),
  saved: t('已保存（第 {n} 版）', '已儲存（第 {n} 版）', 'Saved (version {n})'),
  unsaved: t('有未保存的修改', '有未儲存的修改', 'Unsaved changes'),
  shortcuts: t('Ctrl/⌘+S 保存，Ctrl/⌘+Enter 提交', 'Ctrl/⌘+S 儲存，Ctrl/⌘+Enter 提交', 'Ctrl/⌘+S saves, Ctrl/⌘+Enter submits'),
  status: t('状态', '狀態', 'Status'),
  alsoEditing: t('{names} 也在编辑这篇稿件', '{names} 也在編輯這篇稿件', '{names} also has this article open'),
  version: t('第 {n} 版', '第 {n} 版', 'version {n}'),
  editorOfRecord: t('责任编辑', '責任編輯', 'Editor'),
  workflow: t('流程', '流程', 'Workflow'),
  publishAt: t('定时签发时间（留空即刻签发）', '定時簽發時間（留空即刻簽發）', 'Publish at (empty: now)'),
  returnPrompt: t('请写明退回原因：', '請寫明退回原因：', 'Why is it returned?'),
  unpublishPrompt: t('请写明撤稿原因：', '請寫明撤稿原因：', 'Why is it unpublished?'),
  returnedWith: t('退回意见：', '退回意見：', 'Returned with:'),
  preview: t('预览', '預覽', 'Preview'),
  viewPublic: t('查看网页', '查看網頁', 'View on site'),
  corrections: t('更正', '更正', 'Corrections'),
  correctionText: t('更正说明', '更正說明', 'Correction note'),
  addCorrection: t('发布更正', '發佈更正', 'Add correction'),
  revisions: t('修订记录', '修訂記錄', 'Revisions'),
  compare: t('对比当前', '對比目前', 'Compare with current'),
  restore: t('恢复此版', '恢復此版', 'Restore'),
  confirmRestore: t('用第 {n} 版的内容建立新版本？', '用第 {n} 版的內容建立新版本？', 'Make version {n} the current content?'),
  noChanges: t('没有差别', '沒有差別', 'No differences'),
  conflictTitle: t('稿件已被他人修改', '稿件已被他人修改', 'Someone else changed this article'),
  conflictHelp: t('下面是对方的修改（绿色为新增，红色为删除）。您的修改尚未保存。', '下面是對方的修改（綠色為新增，紅色為刪除）。您的修改尚未儲存。', 'Their changes are below (green added, red removed). Your changes are not saved.'),
  reloadTheirs: t('载入对方的版本（放弃我的修改）', '載入對方的版本（放棄我的修改）', 'Load their version (discard mine)'),
  close: t('关闭', '關閉', 'Close'),
  error: t('出错了', '出錯了', 'Something went wrong'),
  toolbar: t('格式', '格式', 'Format'),
  paragraph: t('正文', '正文', 'Paragraph'),
  subheading: t('小标题', '小標題', 'Subheading'),
  quote: t('引语', '引語', 'Quote'),
  bulletList: t('项目列表', '項目列表', 'Bulleted list'),
  orderedList: t('编号列表', '編號列表', 'Numbered list'),
  image: t('图片', '圖片', 'Image'),
  imageAltPrompt: t('图片说明（替代文字，必填）：', '圖片說明（替代文字，必填）：', 'Describe the image (alt text, required):'),
  imageCaptionPrompt: t('图片标题（可留空）：', '圖片標題（可留空）：', 'Caption (optional):'),
  imageCreditPrompt: t('摄影／来源（可留空）：', '攝影／來源（可留空）：', 'Credit (optional):'),
  imageEditText: t('修改图片说明', '修改圖片說明', 'Edit image text'),
  uploading: t('正在上传图片…', '正在上傳圖片…', 'Uploading image…'),
  bold: t('粗体（Ctrl/⌘+B）', '粗體（Ctrl/⌘+B）', 'Bold (Ctrl/⌘+B)'),
  italic: t('斜体（Ctrl/⌘+I）', '斜體（Ctrl/⌘+I）', 'Italic (Ctrl/⌘+I)'),
  link: t('链接', '連結', 'Link'),
  linkTitle: t('添加或修改链接（Ctrl/⌘+K）', '新增或修改連結（Ctrl/⌘+K）', 'Add or change a link (Ctrl/⌘+K)'),
  linkAddress: t('链接地址', '連結網址', 'Link address'),
  linkApply: t('确定', '確定', 'Apply'),
  linkRemove: t('移除链接', '移除連結', 'Remove link'),
  linkCancel: t('取消', '取消', 'Cancel'),
  linkInvalid: t('链接须以 https://、http://、mailto: 或 / 开头，且不能含空格', '連結須以 https://、http://、mailto: 或 / 開頭，且不能含空格', 'A link must start with https://, http://, mailto: or /, without spaces'),
  undo: t('撤销', '復原', 'Undo'),
  redo: t('重做', '重做', 'Redo'),
  quoteCiteHint: t('引语末段以“——”开头即为出处', '引語末段以「——」開頭即為出處', 'A last quote paragraph starting with “——” is the source'),
  field_title: t('标题', '標題', 'headline'),
  field_subtitle: t('副标题', '副標題', 'subtitle'),
  field_summary: t('摘要', '摘要', 'summary'),
  field_body: t('正文', '正文', 'body'),
  field_section: t('栏目', '欄目', 'section'),
  field_tags: t('标签', '標籤', 'tags'),
  field_dateline: t('电头', '電頭', 'dateline'),
  field_byline: t('署名', '署名', 'byline'),
  field_related: t('相关新闻', '相關新聞', 'related'),
  field_seoTitle: t('SEO 标题', 'SEO 標題', 'SEO title'),
  field_seoDescription: t('SEO 描述', 'SEO 描述', 'SEO description'),
  field_editor: t('责任编辑', '責任編輯', 'editor'),
  stage_draft: t('待编', '待編', 'Draft'),
  stage_returned: t('已退回', '已退回', 'Returned'),
  stage_submitted: t('待审', '待審', 'Submitted'),
  stage_scheduled: t('定时签发', '定時簽發', 'Scheduled'),
  stage_published: t('已签发', '已簽發', 'Published'),
  stage_unpublished: t('已撤稿', '已撤稿', 'Unpublished'),
  action_submit: t('提交', '提交', 'Submit'),
  action_return: t('退回', '退回', 'Return'),
  action_publish: t('签发', '簽發', 'Sign off'),
  action_schedule: t('定时签发', '定時簽發', 'Schedule'),
  action_unschedule: t('取消定时', '取消定時', 'Unschedule'),
  action_unpublish: t('撤稿', '撤稿', 'Unpublish'),
  action_republish: t('重新签发', '重新簽發', 'Republish'),
  notFoundArticle: t('没有这篇稿件。', '沒有這篇稿件。', 'No such article.'),
} as const satisfies Record<string, Entry>;

export type UiKey = keyof typeof UI_STRINGS;
export type UiStrings = Record<UiKey, string>;

/** The whole table in one language (what the page hands to its script). */
export function stringsFor(lang: UiLang): UiStrings {
  const out = {} as UiStrings;
  for (const key of Object.keys(UI_STRINGS) as UiKey[]) out[key] = UI_STRINGS[key][lang];
  return out;
}

/** Replaces `{name}` placeholders. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

function asLang(value: string | undefined): UiLang | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (v === 'zh-hans' || v === 'zh-cn' || v === 'zh-sg' || v === 'zh') return 'zh-Hans';
  if (v === 'zh-hant' || v === 'zh-tw' || v === 'zh-hk' || v === 'zh-mo') return 'zh-Hant';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return null;
}

/**
 * The UI language: `?lang=` first, then the cookie, then the first Accept-Language entry we
 * know (by q order), else Simplified Chinese.
 */
export function pickUiLang(query: string | undefined, cookie: string | undefined, acceptLanguage: string | undefined): UiLang {
  const chosen = asLang(query) ?? asLang(cookie);
  if (chosen) return chosen;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^q=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
      return { tag: tag ?? '', q: q === undefined ? 1 : Number(q) };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const lang = asLang(tag) ?? (tag.toLowerCase().startsWith('zh-hant') ? 'zh-Hant' : null);
    if (lang) return lang;
  }
  return 'zh-Hans';
}
