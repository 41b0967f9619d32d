/**
 * The look-alike tables of the normalisation phase. They run after NFKC, lower-casing and
 * Traditional → Simplified, so each entry is written once in lower-case Simplified form.
 */

/**
 * Letters from other scripts that pass for Latin ones (Cyrillic, Greek, IPA), as lower case:
 * "Ьet365" or "QQ" spelt with a Cyrillic о get past a plain keyword list.
 */
export const HOMOGLYPHS: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w', ь: 'b', з: '3',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
  ɡ: 'g', ɑ: 'a', ɩ: 'i', ʋ: 'v',
};

/** A spelling that stands for another word: `from` is a regular-expression source. */
export interface Variant {
  from: string;
  to: string;
  /** How much using this spelling says on its own (0: ordinary words that happen to map). */
  evasion: number;
  /** Shown to moderators. */
  label: string;
}

/**
 * Variant spellings of the words spam is built from. `(?<![a-z])` keeps short Latin forms
 * from matching inside ordinary words. 威信 (prestige) is also an ordinary word, so using it
 * says nothing by itself; 菠菜 (spinach) likewise, but in the skeleton it still reads 博彩, and
 * a spinach recipe carries no contact or call to action, so it is never held.
 */
export const VARIANTS: readonly Variant[] = [
  { from: '菠菜', to: '博彩', evasion: 0, label: '菠菜' },
  { from: '(?<![a-z])bocai', to: '博彩', evasion: 1, label: 'bocai' },
  { from: '(?<![a-z])duchang', to: '赌场', evasion: 1, label: 'duchang' },
  { from: '堵场', to: '赌场', evasion: 1, label: '堵场' },
  { from: '(?<![a-z])baijiale', to: '百家乐', evasion: 1, label: 'baijiale' },
  { from: '(?<![a-z])bjl(?![a-z])', to: '百家乐', evasion: 1, label: 'bjl' },
  { from: '百家(?:l|le)(?![a-z])', to: '百家乐', evasion: 1, label: '百家l' },
  { from: '威信', to: '微信', evasion: 0, label: '威信' },
  { from: '(?:薇|徽|v|w|wei)信', to: '微信', evasion: 1, label: 'V信' },
  { from: '微(?:x|v)(?![a-z])', to: '微信', evasion: 1, label: '微x' },
  { from: '(?<![a-z])(?:vx|wx|vchat)', to: '微信', evasion: 1, label: 'vx' },
  { from: '(?<![a-z])(?:weixin|wechat)', to: '微信', evasion: 0, label: 'wechat' },
  { from: '扣扣|抠抠|寇寇|(?<![a-z])kk(?=号)', to: 'qq', evasion: 1, label: '扣扣' },
  { from: '(?<![a-z])(?:tg|纸飞机|飞机)(?=号|:|@)', to: 'telegram', evasion: 1, label: '飞机' },
  { from: '加v(?![a-z])', to: '加微信', evasion: 1, label: '加v' },
];
