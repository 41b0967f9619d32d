import { toTraditional } from '../zh/script.js';

/**
 * Places that often follow a reporter's name in a byline (`本网记者张三台北报导`), where
 * nothing but knowing the place separates it from the name. Simplified forms; the
 * Traditional forms (臺北, 東京) are added below. The dateline's own place is tried first.
 */
const PLACES_SIMPLIFIED = [
  '北京', '上海', '天津', '重庆', '广州', '深圳', '香港', '澳门', '台北', '台中', '台南', '高雄', '新北', '桃园',
  '新竹', '基隆', '嘉义', '花莲', '宜兰', '台东', '屏东', '金门', '南京', '杭州', '武汉', '成都', '西安', '沈阳',
  '长沙', '郑州', '济南', '青岛', '大连', '厦门', '福州', '昆明', '贵阳', '南宁', '海口', '三亚', '兰州', '西宁',
  '银川', '乌鲁木齐', '拉萨', '呼和浩特', '哈尔滨', '长春', '石家庄', '太原', '合肥', '南昌', '苏州', '宁波',
  '无锡', '温州', '珠海', '东莞', '佛山', '汕头', '泉州', '东京', '大阪', '京都', '横滨', '首尔', '釜山',
  '平壤', '新加坡', '吉隆坡', '曼谷', '河内', '胡志明市', '雅加达', '马尼拉', '金边', '仰光', '新德里', '孟买',
  '伊斯兰堡', '德黑兰', '迪拜', '利雅得', '多哈', '开罗', '耶路撒冷', '伊斯坦布尔', '安卡拉', '莫斯科', '基辅',
  '华沙', '柏林', '巴黎', '伦敦', '罗马', '马德里', '里斯本', '布鲁塞尔', '阿姆斯特丹', '日内瓦', '苏黎世',
  '维也纳', '斯德哥尔摩', '奥斯陆', '赫尔辛基', '哥本哈根', '雅典', '纽约', '华盛顿', '洛杉矶', '旧金山', '芝加哥',
  '西雅图', '休斯敦', '波士顿', '多伦多', '温哥华', '渥太华', '蒙特利尔', '墨西哥城', '圣保罗', '里约热内卢',
  '布宜诺斯艾利斯', '悉尼', '墨尔本', '堪培拉', '奥克兰', '惠灵顿', '约翰内斯堡', '内罗毕', '联合国',
];

let bylinePlacesKept: readonly string[] | undefined;

/**
 * The places in both scripts, longest first, so 胡志明市 wins over a shorter place ending the
 * same way. Made at the first byline read: the Traditional forms need OpenCC's dictionary,
 * which a process that reads no wire copy should not build at start.
 */
export function bylinePlaces(): readonly string[] {
  bylinePlacesKept ??= [...new Set(PLACES_SIMPLIFIED.flatMap((p) => [p, toTraditional(p), p.replace('台', '臺')]))].sort((a, b) => b.length - a.length);
  return bylinePlacesKept;
}
