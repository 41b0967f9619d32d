import type { MailMessage } from '../platform/mail/mailer.js';

/** Where links in mail point: the site's public origin, without a trailing slash. */
export interface MailLinks {
  origin: string;
  /** The outlet's name, for the subject and signature. */
  outletName: string;
}

function link(links: MailLinks, path: string, token: string): string {
  return `${links.origin}${path}?token=${encodeURIComponent(token)}`;
}

/** "Confirm your email": sent after registering and on request. */
export function verificationMail(links: MailLinks, to: string, displayName: string, token: string): MailMessage {
  return {
    to,
    subject: `【${links.outletName}】请验证您的邮箱`,
    text: [
      `${displayName}，您好：`,
      '',
      `感谢您注册${links.outletName}读者账户。请在 48 小时内打开下面的链接，验证您的邮箱：`,
      '',
      link(links, '/account/verify', token),
      '',
      '如果您没有注册过，请忽略这封邮件，不会有任何账户被启用。',
      '',
      links.outletName,
    ].join('\n'),
  };
}

/** Sent instead of a verification mail when someone registers with an address that already has an account. */
export function alreadyRegisteredMail(links: MailLinks, to: string): MailMessage {
  return {
    to,
    subject: `【${links.outletName}】有人用此邮箱申请注册`,
    text: [
      '您好：',
      '',
      `刚才有人用这个邮箱申请注册${links.outletName}读者账户，但此邮箱已经注册过了。`,
      '如果是您本人，请直接登录；忘记了密码，可以在这里重设：',
      '',
      `${links.origin}/account/forgot`,
      '',
      '如果不是您，请忽略这封邮件，您的账户没有任何变化。',
      '',
      links.outletName,
    ].join('\n'),
  };
}

/** "Reset your password": valid for one hour, one use. */
export function passwordResetMail(links: MailLinks, to: string, displayName: string, token: string): MailMessage {
  return {
    to,
    subject: `【${links.outletName}】重设密码`,
    text: [
      `${displayName}，您好：`,
      '',
      '我们收到了为您的读者账户重设密码的申请。请在 1 小时内打开下面的链接，设置新密码（链接只能使用一次）：',
      '',
      link(links, '/account/reset', token),
      '',
      '如果不是您本人申请，请忽略这封邮件，您的密码不会改变。',
      '',
      links.outletName,
    ].join('\n'),
  };
}
