import iconv from 'iconv-lite';
import { toTraditional } from '../zh/script.js';

/** The encodings wire copy arrives in. */
export type WireEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

/** What `decodeBytes` found. */
export interface DecodedText {
  /** The text with line endings normalised to LF and no byte-order mark. */
  text: string;
  encoding: WireEncoding;
  /** Whether the bytes started with a byte-order mark. */
  bom: boolean;
}

/** Thrown when the bytes are neither UTF-8/16 nor a plausible GB18030 or Big5 text. */
export class DecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecodeError';
  }
}

/**
 * About 700 of the most frequent characters of Chinese news prose, Simplified; the
 * Traditional forms are added below. Text decoded with the right legacy encoding is
 * mostly made of these, while the wrong one yields random, rarer characters.
 */
const FREQUENT_SIMPLIFIED =
  '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知使两部高本长现已正开实问间意力全条内新明最位被相外次想点手文物重什机由社各特百关通比名提回理数水月应头教望度表非信活向果接常路情身世化战加民反何原变少美直运党门给王女带期合义强海色指利因平等品更论' +
  '北京市省区县政府经济展议记者报表示今昨司企业作际台湾香港总统长员工题况动计划项目建设场价格增目前经正进举宣布决认指强调希可能需要通过提供参加组织研究育校医院疗健康疫气交城居社警法案件查安环境能源科技术网络据银投资贸易出口文化体比赛选冠电影音乐艺' +
  '周星期月号时分秒万亿元美金币率额量约超过近及并但或而且因为所以如果虽然已经目前今天明日上午下午晚间早表示指出强调认为希望表明透露称据悉消息报导来源官方民众居民市民游客旅客乘客学生老师家长儿童老人妇女青年男子女子先生女士教授专家学者代表委员主席部长局长市长校长院长经理董事' +
  '会谈访问合作协议签署发展推动促进加强完善落实实施提出要求支持帮助服务保障管理监督检查调查处理解决改善提高降低增加减少扩大延长开放建立成立举办召开结束开始继续完成实现取得获得达到超过占比同比上涨下降增长回升' +
  '天空雨雪风云雷温度台风暴预警灾害地震火灾事故伤亡死亡受伤救援抢救医护病人患者病毒检测疫苗防控隔离治疗手术药品' +
  '铁路公路机场车站航班列车高速桥梁隧道道路街道社区村镇乡农村城乡农业工业产业制造能源电力石油天然气水资源土地房屋住房房价租金' +
  '学校大学中学小学课程考试招生毕业就业岗位工资收入消费者商品产品服务企业公司集团银行保险股票基金债券利率汇率' +
  '运动员球队比赛冠军金牌奥运联赛教练球员观众门票演出展览博物馆图书馆剧场音乐会电影节节日春节新年中秋端午' +
  '我们你们他们她们它们自己大家每个这些那些这样那样怎么什么为什么哪里这里那里一些很多非常特别已经还是就是只是可以应该必须需要能够可能' +
  '东西南北左右中间里外前后附近周边全国全球各地世界国家地区省份城市首都中央地方基层政策法律规定条例标准制度体系机制';

/**
 * The frequent characters in both scripts, made at the first legacy decoding: the Traditional
 * forms need OpenCC's dictionary, which a process that never meets GB18030 or Big5 bytes (every
 * `xinwen` start, every server) should not build.
 */
let frequentKept: ReadonlySet<string> | undefined;
function frequentCharacters(): ReadonlySet<string> {
  if (frequentKept === undefined) {
    const set = new Set<string>();
    for (const ch of FREQUENT_SIMPLIFIED) {
      set.add(ch);
      set.add(toTraditional(ch));
    }
    frequentKept = set;
  }
  return frequentKept;
}

/** Characters that real Chinese copy hardly ever holds but wrong decodings produce in bulk. */
function isSuspect(cp: number): boolean {
  return (
    cp === 0xfffd || // replacement: an invalid sequence
    (cp >= 0xe000 && cp <= 0xf8ff) || // private use (GBK user-defined rows hit by Big5 punctuation)
    (cp >= 0x0080 && cp <= 0x009f) || // C1 controls
    (cp >= 0x0370 && cp <= 0x04ff) || // Greek, Cyrillic (GBK rows A6, A7)
    (cp >= 0x2500 && cp <= 0x257f) || // box drawing (GBK row A9)
    (cp >= 0x3040 && cp <= 0x30ff) || // kana (GBK rows A4, A5)
    (cp >= 0x3100 && cp <= 0x312f) || // bopomofo (Big5 row A3, hit by GB punctuation)
    (cp >= 0x3400 && cp <= 0x4dbf) // CJK extension A
  );
}

interface Candidate {
  encoding: 'gb18030' | 'big5';
  text: string;
  score: number;
  suspect: number;
  han: number;
}

function score(encoding: Candidate['encoding'], bytes: Uint8Array): Candidate {
  const text = iconv.decode(Buffer.from(bytes), encoding);
  const frequentChars = frequentCharacters();
  let frequent = 0;
  let suspect = 0;
  let han = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isSuspect(cp)) suspect++;
    else if (frequentChars.has(ch)) frequent++;
    if (cp >= 0x4e00 && cp <= 0x9fff) han++;
  }
  // One suspect character outweighs several frequent ones: a right decoding has almost none.
  return { encoding, text, score: frequent - 4 * suspect, suspect, han };
}

function normaliseLines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** UTF-16 without a BOM: most characters of Latin-heavy text have a zero high byte. */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = bytes.length / 2;
  if (oddZeros > pairs * 0.3 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros === 0) return 'utf-16be';
  return null;
}

/**
 * Bytes to text. A UTF-8 or UTF-16 byte-order mark decides; else strict UTF-8; else the
 * better of GB18030 and Big5, judged by how much of each decoding is frequent Chinese
 * characters and how much is characters only a wrong decoding produces (private use,
 * kana, bopomofo, replacement). CRLF and CR become LF; the BOM is dropped.
 * @example decodeBytes(new TextEncoder().encode('新闻')) // { text: '新闻', encoding: 'utf-8', bom: false }
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: normaliseLines(strictUtf8(bytes.subarray(3))), encoding: 'utf-8', bom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: normaliseLines(new TextDecoder('utf-16le').decode(bytes.subarray(2))), encoding: 'utf-16le', bom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: normaliseLines(new TextDecoder('utf-16be').decode(bytes.subarray(2))), encoding: 'utf-16be', bom: true };
  }
  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: normaliseLines(new TextDecoder(utf16).decode(bytes)), encoding: utf16, bom: false };
  try {
    return { text: normaliseLines(new TextDecoder('utf-8', { fatal: true }).decode(bytes)), encoding: 'utf-8', bom: false };
  } catch {
    // Not UTF-8: one of the legacy Chinese encodings.
  }
  const gb = score('gb18030', bytes);
  const big5 = score('big5', bytes);
  const best = big5.score > gb.score ? big5 : gb;
  // Real copy decodes with at most a stray oddity; more means neither encoding fits.
  if (best.suspect > Math.max(2, best.han * 0.05)) {
    throw new DecodeError(
      `无法识别文件编码 (not UTF-8, and neither GB18030 nor Big5 decodes it cleanly: ${best.suspect} unlikely characters); save the file as UTF-8`,
    );
  }
  return { text: normaliseLines(best.text), encoding: best.encoding, bom: false };
}

function strictUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DecodeError('文件以 UTF-8 BOM 开头，但内容不是有效的 UTF-8 (UTF-8 BOM but invalid UTF-8 bytes)');
  }
}
