/**
 * The demo newsroom: a fictional outlet, its desks and its staff.
 * Every name here is invented. The demo articles in ./articles/ name these people;
 * a few stringers and contributors named in the articles are deliberately absent
 * (they are recorded as contributors when the articles are seeded).
 */
import type { Script, PersonRole } from '../articles/model.js';

export interface DemoOutlet {
  /** Full name; also the dateline source of the outlet's own reports. */
  name: string;
  shortName: string;
  defaultScript: Script;
  timezone: string;
  tipCopy: string;
  defaultSectionSlug: string;
}

export interface DemoSection {
  slug: string;
  name: string;
  position: number;
}

/** Staff roles used by the demo; contributors are not listed here. */
export type DemoStaffRole = Extract<PersonRole, 'editor' | 'reporter' | 'admin'>;

export interface DemoPerson {
  displayName: string;
  role: DemoStaffRole;
}

export const demoOutlet: DemoOutlet = {
  name: '华文新闻网',
  shortName: '本网',
  defaultScript: 'zh-Hans' as Script,
  timezone: 'Asia/Shanghai',
  tipCopy:
    '如果您掌握新闻线索或相关文件，欢迎通过本网的加密投稿渠道与编辑部联系。我们会认真核实每一条线索，并严格保护您的身份信息。',
  defaultSectionSlug: 'top',
};

export const demoSections: DemoSection[] = [
  { slug: 'top', name: '要闻', position: 1 },
  { slug: 'world', name: '国际', position: 2 },
  { slug: 'china', name: '中国', position: 3 },
  { slug: 'greater-china', name: '台港澳', position: 4 },
  { slug: 'business', name: '财经', position: 5 },
  { slug: 'tech', name: '科技', position: 6 },
  { slug: 'opinion', name: '评论', position: 7 },
];

export const demoPeople: DemoPerson[] = [
  // 编辑
  { displayName: '周立群', role: 'editor' },
  { displayName: '沈雅文', role: 'editor' },
  { displayName: '韩志远', role: 'editor' },
  { displayName: '冯慧', role: 'editor' },
  // 记者
  { displayName: '李明远', role: 'reporter' },
  { displayName: '王晓晴', role: 'reporter' },
  { displayName: '陈思远', role: 'reporter' },
  { displayName: '张海燕', role: 'reporter' },
  { displayName: '刘嘉怡', role: 'reporter' },
  { displayName: '赵子航', role: 'reporter' },
  { displayName: '黄文博', role: 'reporter' },
  { displayName: '林静', role: 'reporter' },
  { displayName: '吴宇宁', role: 'reporter' },
  { displayName: '孙佳琪', role: 'reporter' },
  { displayName: '郭振华', role: 'reporter' },
  { displayName: '何欣然', role: 'reporter' },
  // 管理员
  { displayName: '高建国', role: 'admin' },
];

/** A demo 专题 story thread: its articles by their front-matter `source`. */
export interface DemoStory {
  slug: string;
  title: string;
  summary: string;
  sources: string[];
}

export const demoStories: DemoStory[] = [
  {
    slug: 'winter-energy',
    title: '入冬保暖与能源保障',
    summary: '冷空气接连南下，北方提前供暖，寒潮带来大范围降温。本专题汇集供暖、保供和天气的最新报道。',
    sources: ['demo-001', 'demo-003'],
  },
  {
    slug: 'low-altitude-economy',
    title: '低空经济走进城市',
    summary: '无人机配送从试点走进社区，安全、噪声和规则如何跟上？本专题持续追踪。',
    sources: ['demo-031', 'demo-034'],
  },
  {
    slug: 'community-elderly-care',
    title: '家门口的养老',
    summary: '社区嵌入式养老服务在多地铺开，本专题记录探索与讨论。',
    sources: ['demo-013', 'demo-033'],
  },
];
