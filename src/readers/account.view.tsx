import type { ComponentChildren } from 'preact';
import { Layout } from '../web/layout.js';
import type { SiteContext } from '../web/site-context.js';
import { CSRF_FIELD } from './reader-auth.js';
import { DISPLAY_NAME_MAX, DISPLAY_NAME_MIN, READER_PASSWORD_MIN } from './reader.schema.js';
import type { Reader } from './reader.service.js';

/** What a form shows again after a failed post: the values typed (never passwords) and the errors. */
export interface FormState {
  values?: Record<string, string>;
  /** Per field, in Chinese. */
  errors?: Record<string, string>;
  /** About the whole form (wrong password, too many attempts, a stale page). */
  formError?: string | null;
  /** A confirmation to show above the form. */
  notice?: string | null;
}

interface PageBase {
  site: SiteContext;
  /** The form's CSRF token. */
  csrf: string;
  state?: FormState;
}

function AccountLayout({ site, title, children }: { site: SiteContext; title: string; children: ComponentChildren }) {
  return (
    <Layout site={site} activeSection={null} meta={{ title, robots: 'noindex, nofollow' }}>
      <section class="account-page">
        <h1>{title}</h1>
        {children}
      </section>
    </Layout>
  );
}

function Messages({ state }: { state: FormState | undefined }) {
  return (
    <>
      {state?.notice && (
        <p class="account-notice" role="status">
          {state.notice}
        </p>
      )}
      {state?.formError && (
        <p class="account-error" role="alert">
          {state.formError}
        </p>
      )}
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  state: FormState | undefined;
  autocomplete: string;
  hint?: string;
  minLength?: number;
  maxLength?: number;
}

function Field({ name, label, type = 'text', state, autocomplete, hint, minLength, maxLength }: FieldProps) {
  const error = state?.errors?.[name];
  const id = `field-${name}`;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'account-field has-error' : 'account-field'}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={type === 'password' ? undefined : state?.values?.[name]}
        autocomplete={autocomplete}
        required
        minLength={minLength}
        maxLength={maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      {hint && (
        <p class="account-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="account-field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={token} />;
}

const PASSWORD_HINT = `至少 ${READER_PASSWORD_MIN} 个字符`;
const NAME_HINT = `${DISPLAY_NAME_MIN}–${DISPLAY_NAME_MAX} 个字，显示在您的评论旁；不能含网址`;

function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/** /account/register */
export function RegisterPage({ site, csrf, state, next }: PageBase & { next: string | null }) {
  return (
    <AccountLayout site={site} title="注册读者账户">
      <Messages state={state} />
      <form class="account-form" method="post" action="/account/register" novalidate>
        <Csrf token={csrf} />
        {next && <input type="hidden" name="next" value={next} />}
        <Field name="email" label="邮箱" type="email" state={state} autocomplete="email" maxLength={254} />
        <Field name="displayName" label="昵称" state={state} autocomplete="nickname" hint={NAME_HINT} maxLength={60} />
        <Field name="password" label="密码" type="password" state={state} autocomplete="new-password" hint={PASSWORD_HINT} minLength={READER_PASSWORD_MIN} />
        <button type="submit">注册</button>
      </form>
      <p class="account-links">
        已有账户？<a href={withNext('/account/login', next)}>登录</a>
      </p>
    </AccountLayout>
  );
}

/** /account/login */
export function LoginPage({ site, csrf, state, next }: PageBase & { next: string | null }) {
  return (
    <AccountLayout site={site} title="读者登录">
      <Messages state={state} />
      <form class="account-form" method="post" action="/account/login" novalidate>
        <Csrf token={csrf} />
        {next && <input type="hidden" name="next" value={next} />}
        <Field name="email" label="邮箱" type="email" state={state} autocomplete="email" maxLength={254} />
        <Field name="password" label="密码" type="password" state={state} autocomplete="current-password" />
        <button type="submit">登录</button>
      </form>
      <p class="account-links">
        <a href="/account/forgot">忘记密码？</a>
        <span aria-hidden="true"> · </span>
        还没有账户？<a href={withNext('/account/register', next)}>注册</a>
      </p>
    </AccountLayout>
  );
}

/** /account/forgot */
export function ForgotPage({ site, csrf, state }: PageBase) {
  return (
    <AccountLayout site={site} title="忘记密码">
      <Messages state={state} />
      <p>填写注册时使用的邮箱，我们会发送一个重设密码的链接，1 小时内有效。</p>
      <form class="account-form" method="post" action="/account/forgot" novalidate>
        <Csrf token={csrf} />
        <Field name="email" label="邮箱" type="email" state={state} autocomplete="email" maxLength={254} />
        <button type="submit">发送重设链接</button>
      </form>
      <p class="account-links">
        <a href="/account/login">返回登录</a>
      </p>
    </AccountLayout>
  );
}

/** /account/reset?token=… with a live link */
export function ResetPage({ site, csrf, state, token }: PageBase & { token: string }) {
  return (
    <AccountLayout site={site} title="设置新密码">
      <Messages state={state} />
      <form class="account-form" method="post" action="/account/reset" novalidate>
        <Csrf token={csrf} />
        <input type="hidden" name="token" value={token} />
        <Field name="password" label="新密码" type="password" state={state} autocomplete="new-password" hint={PASSWORD_HINT} minLength={READER_PASSWORD_MIN} />
        <button type="submit">保存新密码</button>
      </form>
    </AccountLayout>
  );
}

/** A page with one message and where to go next (verified, dead link, …). */
export function MessagePage({ site, title, message, links }: { site: SiteContext; title: string; message: string; links: { href: string; text: string }[] }) {
  return (
    <AccountLayout site={site} title={title}>
      <p class="account-message">{message}</p>
      <p class="account-links">
        {links.map((l, i) => (
          <>
            {i > 0 && <span aria-hidden="true"> · </span>}
            <a href={l.href}>{l.text}</a>
          </>
        ))}
      </p>
    </AccountLayout>
  );
}

/** /account: the signed-in reader's own page. */
export function AccountPage({ site, csrf, state, reader }: PageBase & { reader: Reader }) {
  const nameState: FormState = { values: { displayName: reader.displayName, ...state?.values }, errors: state?.errors ?? {} };
  return (
    <AccountLayout site={site} title="我的账户">
      <Messages state={state} />
      <dl class="account-facts">
        <dt>邮箱</dt>
        <dd>
          {reader.email}
          {reader.verified ? <span class="account-badge">已验证</span> : <span class="account-badge is-pending">未验证</span>}
        </dd>
      </dl>
      {!reader.verified && (
        <form class="account-form account-inline" method="post" action="/account/verify/resend">
          <Csrf token={csrf} />
          <p>验证邮箱后才能使用读者账户的全部功能。没有收到邮件？</p>
          <button type="submit">重新发送验证邮件</button>
        </form>
      )}
      <h2>修改昵称</h2>
      <form class="account-form" method="post" action="/account/name" novalidate>
        <Csrf token={csrf} />
        <Field name="displayName" label="昵称" state={nameState} autocomplete="nickname" hint={NAME_HINT} maxLength={60} />
        <button type="submit">保存昵称</button>
      </form>
      <h2>退出登录</h2>
      <div class="account-actions">
        <form method="post" action="/account/logout">
          <Csrf token={csrf} />
          <button type="submit">退出登录</button>
        </form>
        <form method="post" action="/account/logout-everywhere">
          <Csrf token={csrf} />
          <button type="submit" class="is-secondary">在所有设备上退出</button>
        </form>
      </div>
      <p class="account-links">
        <a href="/account/forgot">重设密码</a>
      </p>
    </AccountLayout>
  );
}
