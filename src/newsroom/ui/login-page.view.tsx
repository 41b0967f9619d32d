import { CSRF_FIELD } from '../auth/form-csrf.js';
import { AdminLayout, type AdminPageContext } from './admin-pages.view.js';
import type { FormProblem } from './form-parts.view.js';
import { stringsFor } from './i18n.js';


export interface LoginPageProps {
  ctx: AdminPageContext;
  /** The signed-in user must change a one-time password: the password form is shown, not the login form. */
  mustChange?: boolean;
  /** The login form's double-submit token (see auth/form-csrf.ts). */
  loginToken: string;
  /** Where to go afterwards (already checked to stay under /admin). */
  next: string;
  /** The email as typed, kept when the login failed. */
  email?: string;
  loginError?: FormProblem | null;
  passwordError?: FormProblem | null;
}

function Problem({ problem }: { problem: FormProblem | null | undefined }) {
  // The script reuses this element for its own errors, so it is always there.
  return (
    <div class="form-error" role="alert" hidden={!problem}>
      {problem?.message}
      {problem && problem.details.length > 0 && (
        <ul>
          {problem.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The login form, and the password change a one-time password leads to. Both are plain HTML
 * forms that post to /admin/login and /admin/password (so they work without JavaScript); the
 * script, when it runs, sends them to the JSON API instead.
 */
export function LoginPage({ ctx, mustChange = false, loginToken, next, email, loginError, passwordError }: LoginPageProps) {
  const s = stringsFor(ctx.lang);
  return (
    <AdminLayout ctx={ctx} title={s.loginTitle} page="login" data={{ mustChange }} needsJs={false}>
      <form class="login card" id="password-form" method="post" action="/admin/password" hidden={!mustChange}>
        <h1>{s.changePasswordTitle}</h1>
        <p class="hint">{s.changePasswordHelp}</p>
        <input type="hidden" name={CSRF_FIELD} value={ctx.csrfToken ?? ''} />
        <input type="hidden" name="next" value={next} />
        <label>
          {s.currentPassword}
          <input type="password" name="currentPassword" autocomplete="current-password" required />
        </label>
        <label>
          {s.newPassword}
          <input type="password" name="newPassword" autocomplete="new-password" required />
        </label>
        <label>
          {s.repeatPassword}
          <input type="password" name="newPassword2" autocomplete="new-password" required />
        </label>
        <Problem problem={passwordError} />
        <button type="submit" class="button button-primary">
          {s.setPassword}
        </button>
      </form>
      <form class="login card" id="login-form" method="post" action="/admin/login" hidden={mustChange}>
        <h1>{s.loginTitle}</h1>
        <input type="hidden" name={CSRF_FIELD} value={loginToken} />
        <input type="hidden" name="next" value={next} />
        <label>
          {s.email}
          <input type="email" name="email" autocomplete="username" required value={email || undefined} />
        </label>
        <label>
          {s.password}
          <input type="password" name="password" autocomplete="current-password" required />
        </label>
        <Problem problem={loginError} />
        <button type="submit" class="button button-primary">
          {s.login}
        </button>
      </form>
    </AdminLayout>
  );
}
