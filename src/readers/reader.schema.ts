import { z } from 'zod';
import { normalise } from '../zh/normalise.js';

/** Reader passwords: at least 8 characters (code points); a cap keeps a huge "password" cheap. */
export const READER_PASSWORD_MIN = 8;
const READER_PASSWORD_MAX = 200;

/** Display names: 2 to 24 characters once tidied. */
export const DISPLAY_NAME_MIN = 2;
export const DISPLAY_NAME_MAX = 24;

/** An email address as stored and compared: trimmed, full-width folded, lower-cased. */
export const ReaderEmailSchema = z
  .string({ error: '请填写邮箱' })
  .transform((s) => normalise(s).trim().toLowerCase())
  .pipe(z.string().min(1, { error: '请填写邮箱' }).max(254, { error: '邮箱地址过长' }).pipe(z.email({ error: '邮箱格式不正确' })));

/** A new password: not trimmed (spaces may be part of it), 8 to 200 characters. */
export const NewReaderPasswordSchema = z
  .string({ error: '请填写密码' })
  .refine((p) => [...p].length >= READER_PASSWORD_MIN, { error: `密码至少需要 ${READER_PASSWORD_MIN} 个字符` })
  .refine((p) => [...p].length <= READER_PASSWORD_MAX, { error: `密码不能超过 ${READER_PASSWORD_MAX} 个字符` });

// Web addresses in a name are how spam rides along on every comment it signs: a scheme, www.,
// a host under a common top-level domain (also written 点/點/dot), or an email address.
const TLDS = 'com|net|org|cn|info|top|xyz|vip|cc|me|io|co|app|site|online|shop|club|live|tv|hk|tw|mo|us|uk|biz|bet|casino|win|link|ly';
const URL_LIKE = [
  /[a-z][a-z0-9+.-]*:\/\//i,
  /www\s*[.。．]/i,
  new RegExp(`[a-z0-9-]\\s*(?:[.。．]|点|點|dot)\\s*(?:${TLDS})(?![a-z])`, 'i'),
  /\S@[a-z0-9-]+\./i,
];

/** Tidies a display name: full-width ASCII folded, invisible characters gone, spaces collapsed. */
export function tidyDisplayName(raw: string): string {
  return normalise(raw).replace(/\s+/gu, ' ').trim();
}

/** A display name, tidied; 2–24 characters, no control characters, no web addresses. */
export const DisplayNameSchema = z
  .string({ error: '请填写昵称' })
  .transform(tidyDisplayName)
  .pipe(
    z
      .string()
      .min(1, { error: '请填写昵称' })
      .refine((n) => [...n].length >= DISPLAY_NAME_MIN, { error: `昵称至少需要 ${DISPLAY_NAME_MIN} 个字` })
      .refine((n) => [...n].length <= DISPLAY_NAME_MAX, { error: `昵称不能超过 ${DISPLAY_NAME_MAX} 个字` })
      .refine((n) => !/[\p{Cc}\p{Cf}\p{Co}]/u.test(n), { error: '昵称含有不可见或无法显示的字符' })
      .refine((n) => !URL_LIKE.some((re) => re.test(n)), { error: '昵称不能包含网址或邮箱' }),
  );

/** What the registration form sends. */
export const RegistrationSchema = z.object({
  email: ReaderEmailSchema,
  displayName: DisplayNameSchema,
  password: NewReaderPasswordSchema,
});

/** What a login form sends; the password is checked, not judged. */
export const ReaderCredentialsSchema = z.object({
  email: ReaderEmailSchema,
  password: z.string({ error: '请填写密码' }).min(1, { error: '请填写密码' }).max(1_000, { error: '密码过长' }),
});

/** What the "forgot password" form sends. */
export const ForgotPasswordSchema = z.object({ email: ReaderEmailSchema });

/** A one-time link's token: 32 random bytes, base64url. */
export const LinkTokenSchema = z.string({ error: '链接无效' }).regex(/^[A-Za-z0-9_-]{43}$/, { error: '链接无效' });

/** What the "new password" form sends. */
export const PasswordResetSchema = z.object({ token: LinkTokenSchema, password: NewReaderPasswordSchema });

/** What the "change display name" form sends. */
export const DisplayNameChangeSchema = z.object({ displayName: DisplayNameSchema });

// Words that make a commenter look like the newsroom speaking, in both scripts. Chinese words
// count anywhere once spaces and punctuation are gone (管 理 员, 张·编辑); English ones only as
// whole words, so "badminton" is not "admin".
const STAFF_LIKE_HAN = ['本网', '本網', '编辑', '編輯', '小编', '小編', '记者', '記者', '管理员', '管理員', '版主', '站长', '站長', '官方', '客服'];
const STAFF_LIKE_LATIN = /(?<![a-z])(admin|administrator|moderator|editor|webmaster|staff|official)(?![a-z])/;

function nameKey(name: string): string {
  return normalise(name).normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * Why `displayName` may not be used, or null: it contains the outlet's name or short name, or a
 * word that passes for staff (本网, 编辑, 管理员, 版主, 官方, admin …).
 */
export function reservedNameProblem(displayName: string, outletNames: string[]): string | null {
  const key = nameKey(displayName);
  for (const outlet of outletNames) {
    const outletKey = nameKey(outlet);
    if (outletKey.length > 0 && key.includes(outletKey)) return `昵称不能包含本站名称「${outlet}」`;
  }
  const word = STAFF_LIKE_HAN.find((w) => key.includes(w)) ?? STAFF_LIKE_LATIN.exec(normalise(displayName).normalize('NFKC').toLowerCase())?.[1];
  return word ? `昵称不能包含「${word}」等容易与本站工作人员混淆的字词` : null;
}
