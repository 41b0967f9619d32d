import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * Spam scoring: the managed term lists (seeded with a starter list), one state row whose
 * `terms_version` every list change bumps (each process rebuilds its matcher when it moves),
 * the Bayes model's counts, and the recent fingerprints behind near-duplicate detection and
 * rate limits (kept 24 hours).
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;

  await db.schema
    .createTable('spam_terms')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('normalised', 'text', (c) => c.notNull().unique())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('spam_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('terms_version', 'integer', (c) => c.notNull())
    // 0 until the starter model has been trained (once, by whichever process gets there first).
    .addColumn('model_seeded', 'integer', (c) => c.notNull())
    .addColumn('spam_docs', 'integer', (c) => c.notNull())
    .addColumn('ham_docs', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('spam_bayes_tokens')
    .addColumn('token', 'text', (c) => c.primaryKey())
    // Documents of each class the token occurred in.
    .addColumn('spam_count', 'integer', (c) => c.notNull())
    .addColumn('ham_count', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('spam_fingerprints')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('reader_key', 'text', (c) => c.notNull())
    .addColumn('network_key', 'text', (c) => c.notNull())
    // MinHash signature (hex); null for texts too short to compare.
    .addColumn('signature', 'text')
    .execute();
  await db.schema.createIndex('spam_fingerprints_at').on('spam_fingerprints').column('created_at').execute();
  await db.schema.createIndex('spam_fingerprints_reader').on('spam_fingerprints').columns(['reader_key', 'created_at']).execute();
  await db.schema.createIndex('spam_fingerprints_network').on('spam_fingerprints').columns(['network_key', 'created_at']).execute();

  // Locality-sensitive hashing bands: texts sharing any band are compared exactly.
  await db.schema
    .createTable('spam_fingerprint_bands')
    .addColumn('fingerprint_id', 'integer', (c) => c.notNull().references('spam_fingerprints.id').onDelete('cascade'))
    .addColumn('band', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('spam_fingerprint_bands_pk', ['band', 'fingerprint_id'])
    .execute();
  await db.schema.createIndex('spam_fingerprint_bands_fp').on('spam_fingerprint_bands').column('fingerprint_id').execute();

  const now = new Date().toISOString();
  await db
    .insertInto('spam_state' as never)
    .values({ id: 1, terms_version: 1, model_seeded: 0, spam_docs: 0, ham_docs: 0 } as never)
    .execute();
  const rows = STARTER_TERMS.map(([term, category, weight, action]) => ({
    term,
    normalised: term,
    category,
    weight,
    action,
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 50) {
    await db.insertInto('spam_terms' as never).values(rows.slice(i, i + 50) as never).execute();
  }
}

type Seed = [term: string, category: string, weight: number, action: 'flag' | 'hold' | 'block'];

/**
 * The starter list, written in skeleton form (Simplified, lower case, no spaces) so it needs
 * no normaliser here. News words (赌场, 澳门 is not even listed) only flag; what spam asks
 * the reader to do (开户, 首充, 加我) is a call to action that holds only in combination.
 */
const STARTER_TERMS: Seed[] = [
  // Gambling: the subject. Weak on their own: news covers casinos, lotteries and raids.
  ['博彩', 'gambling', 1.5, 'flag'], ['赌场', 'gambling', 1, 'flag'], ['赌博', 'gambling', 1, 'flag'],
  ['百家乐', 'gambling', 2, 'flag'], ['老虎机', 'gambling', 1.5, 'flag'], ['娱乐城', 'gambling', 2.5, 'flag'],
  ['威尼斯人', 'gambling', 1, 'flag'], ['葡京', 'gambling', 1, 'flag'], ['金沙', 'gambling', 0.5, 'flag'],
  ['银河娱乐', 'gambling', 1, 'flag'], ['永利', 'gambling', 0.5, 'flag'], ['美高梅', 'gambling', 0.5, 'flag'],
  ['真人视讯', 'gambling', 3, 'flag'], ['电子游艺', 'gambling', 2.5, 'flag'], ['棋牌', 'gambling', 1, 'flag'],
  ['六合彩', 'gambling', 2, 'flag'], ['时时彩', 'gambling', 2.5, 'flag'], ['北京赛车', 'gambling', 2, 'flag'],
  ['pk10', 'gambling', 2, 'flag'], ['快三', 'gambling', 1, 'flag'], ['赌球', 'gambling', 1.5, 'flag'],
  ['外围', 'gambling', 0.5, 'flag'], ['下注', 'gambling', 1, 'flag'], ['投注', 'gambling', 1, 'flag'],
  ['龙虎斗', 'gambling', 2, 'flag'], ['炸金花', 'gambling', 2, 'flag'], ['牛牛', 'gambling', 1, 'flag'],
  ['德州扑克', 'gambling', 1, 'flag'], ['捕鱼', 'gambling', 0.5, 'flag'], ['彩票', 'gambling', 0.5, 'flag'],
  ['赌王', 'gambling', 0.5, 'flag'], ['赌神', 'gambling', 1, 'flag'], ['太阳城', 'gambling', 1.5, 'flag'],
  ['皇冠体育', 'gambling', 2.5, 'flag'], ['体育投注', 'gambling', 2, 'flag'], ['网投', 'gambling', 2, 'flag'],
  ['bet365', 'gambling', 2.5, 'flag'], ['线上赌', 'gambling', 2.5, 'flag'], ['网上赌', 'gambling', 2, 'flag'],
  ['博彩平台', 'gambling', 2, 'flag'], ['娱乐平台', 'gambling', 2, 'flag'], ['彩票平台', 'gambling', 2, 'flag'],
  ['赌台', 'gambling', 1, 'flag'], ['赌桌', 'gambling', 1, 'flag'], ['筹码', 'gambling', 0.5, 'flag'],
  ['赔率', 'gambling', 0.5, 'flag'], ['庄家', 'gambling', 0.5, 'flag'], ['赌资', 'gambling', 0.5, 'flag'],
  // Calls to action: what spam wants. Ordinary words too (banks open accounts), so weak alone.
  ['开户', 'cta', 1.5, 'flag'], ['首充', 'cta', 2.5, 'flag'], ['首存', 'cta', 2.5, 'flag'], ['返水', 'cta', 3, 'flag'],
  ['稳赚', 'cta', 2.5, 'flag'], ['带单', 'cta', 2.5, 'flag'], ['注册送', 'cta', 3, 'flag'], ['加我', 'cta', 1.5, 'flag'],
  ['彩金', 'cta', 2.5, 'flag'], ['包赢', 'cta', 3, 'flag'], ['稳赢', 'cta', 2.5, 'flag'], ['必中', 'cta', 2, 'flag'],
  ['提款秒到', 'cta', 3, 'flag'], ['出款', 'cta', 2, 'flag'], ['秒到账', 'cta', 2, 'flag'], ['上分', 'cta', 2, 'flag'],
  ['充值', 'cta', 0.5, 'flag'], ['代理', 'cta', 0.5, 'flag'], ['招代理', 'cta', 2.5, 'flag'], ['日赚', 'cta', 2.5, 'flag'],
  ['日入', 'cta', 2, 'flag'], ['月入过万', 'cta', 2.5, 'flag'], ['躺赚', 'cta', 2.5, 'flag'], ['信誉', 'cta', 1, 'flag'],
  ['官网', 'cta', 1, 'flag'], ['网址', 'cta', 1, 'flag'], ['导师', 'cta', 1, 'flag'], ['计划群', 'cta', 3, 'flag'],
  ['内部消息', 'cta', 1.5, 'flag'], ['免费领', 'cta', 1.5, 'flag'], ['优惠活动', 'cta', 1, 'flag'], ['回血', 'cta', 2, 'flag'],
  ['翻倍', 'cta', 1, 'flag'], ['晒单', 'cta', 1.5, 'flag'], ['名额有限', 'cta', 1.5, 'flag'], ['点击', 'cta', 0.5, 'flag'],
  ['立即注册', 'cta', 2.5, 'flag'], ['注册就送', 'cta', 3, 'flag'], ['荐股', 'cta', 2, 'flag'], ['牛股', 'cta', 1, 'flag'],
  // Contact lures: a way off the site.
  ['加微信', 'contact-lure', 2, 'flag'], ['加我微信', 'contact-lure', 2.5, 'flag'], ['微信号', 'contact-lure', 1, 'flag'],
  ['私聊', 'contact-lure', 1.5, 'flag'], ['私信我', 'contact-lure', 1.5, 'flag'], ['进群', 'contact-lure', 2, 'flag'],
  ['加群', 'contact-lure', 1.5, 'flag'], ['拉你进群', 'contact-lure', 2.5, 'flag'], ['扫码', 'contact-lure', 1, 'flag'],
  ['联系我', 'contact-lure', 1.5, 'flag'], ['咨询客服', 'contact-lure', 2, 'flag'], ['在线客服', 'contact-lure', 1.5, 'flag'],
  ['加qq', 'contact-lure', 2, 'flag'], ['qq群', 'contact-lure', 1.5, 'flag'], ['飞机号', 'contact-lure', 2, 'flag'],
  // Porn and escort spam. Police warnings quote some of these (裸聊敲诈), so most only weigh.
  ['约炮', 'porn', 4, 'flag'], ['裸聊', 'porn', 4, 'flag'], ['楼凤', 'porn', 4, 'hold'], ['一夜情', 'porn', 2, 'flag'],
  ['上门服务', 'porn', 2, 'flag'], ['同城约', 'porn', 3, 'flag'], ['福利视频', 'porn', 3, 'flag'], ['黄色网站', 'porn', 2, 'flag'],
  ['少妇', 'porn', 1.5, 'flag'], ['援交', 'porn', 4, 'flag'], ['外围女', 'porn', 4, 'hold'], ['特殊服务', 'porn', 2, 'flag'],
  // Scams.
  ['代开发票', 'scam', 4, 'flag'], ['办证', 'scam', 2, 'flag'], ['刷单', 'scam', 2, 'flag'], ['兼职日结', 'scam', 3, 'flag'],
  ['网贷', 'scam', 1, 'flag'], ['套现', 'scam', 1.5, 'flag'], ['贷款秒批', 'scam', 3, 'flag'], ['无抵押贷款', 'scam', 2.5, 'flag'],
  ['信用卡套现', 'scam', 3, 'flag'], ['高仿', 'scam', 2, 'flag'], ['代孕', 'scam', 2.5, 'flag'], ['私服', 'scam', 1.5, 'flag'],
  // Strong phrases. Anti-fraud notices quote scam wording (稳赚不赔, 裸聊, 真人百家乐), so only
  // offers no notice would repeat hold or block by themselves; the rest weigh heavily.
  ['真人百家乐', 'gambling', 4, 'flag'], ['博彩导师', 'gambling', 4, 'flag'], ['时时彩计划', 'gambling', 4, 'flag'],
  ['稳赚不赔', 'cta', 4, 'flag'], ['注册送彩金', 'cta', 6, 'hold'], ['首充送', 'cta', 10, 'block'],
  ['返水无上限', 'cta', 10, 'block'], ['百家乐包赢', 'gambling', 10, 'block'], ['网上赌场开户', 'gambling', 10, 'block'],
];
