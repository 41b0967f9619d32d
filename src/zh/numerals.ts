/**
 * Chinese digit characters as single digits, the way numbers are read out digit by digit
 * (phone numbers, QQ numbers, room numbers): 一三八, 壹叁捌, and 幺 for 1. Place-value
 * characters (十, 百, 千, 万) are not digits and end a run.
 */
const DIGITS: Readonly<Record<string, string>> = {
  零: '0', 〇: '0', 一: '1', 幺: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
  壹: '1', 贰: '2', 貳: '2', 叁: '3', 参: '3', 參: '3', 肆: '4', 伍: '5', 陆: '6', 陸: '6', 柒: '7', 捌: '8', 玖: '9',
};

/** The ASCII digit a Chinese digit character stands for, or null. @example chineseDigit('幺') === '1' */
export function chineseDigit(ch: string): string | null {
  return DIGITS[ch] ?? null;
}

/** Every Chinese digit character, for building patterns. */
export const CHINESE_DIGIT_CHARS = Object.keys(DIGITS).join('');
