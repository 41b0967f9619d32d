import { CSRF_FIELD } from '../auth/form-csrf.js';

/** A problem to show in a form: the message and, under it, one line per detail (bad field). */
export interface FormProblem {
  message: string;
  details: string[];
}

/** The session's CSRF token as the hidden field every plain newsroom form posts. */
export function CsrfField({ token }: { token: string | null }) {
  return <input type="hidden" name={CSRF_FIELD} value={token ?? ''} />;
}

/** What happened to the last form on a plain-form page: a notice, or the problem that refused it. */
export function FormNotices({ notice, problem }: { notice: string | null | undefined; problem: FormProblem | null | undefined }) {
  return (
    <>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {problem && (
        <div class="notice notice-error" role="alert">
          <p>{problem.message}</p>
          {problem.details.length > 0 && (
            <ul>
              {problem.details.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
