/**
 * Sign-in: e-mail and password. Says why the person is here (the session ended, or they signed out),
 * and after too many failed attempts how long to wait.
 */
import { useState, type FormEvent, type JSX } from "react";
import { api, ApiError, type User } from "../api.ts";
import { useT } from "../i18n.tsx";
import { LanguageSwitch } from "../LanguageSwitch.tsx";
import { ErrorBox, useAction } from "../ui.tsx";

export function SignIn({ reason, onSignedIn }: { reason: "none" | "ended" | "signed-out"; onSignedIn: (user: User) => void }): JSX.Element {
  const { t } = useT();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { user } = await api<{ user: User }>("POST", "/api/auth/login", { email: email.trim(), password });
      onSignedIn(user);
    });
  };

  const error = action.state.kind === "error" ? action.state.error : null;
  const wait = error instanceof ApiError && error.code === "auth.too_many_attempts" ? Math.max(1, Math.ceil((error.retryAfterSeconds ?? 900) / 60)) : null;

  return (
    <div className="c-signin-page">
      <div className="c-signin-page__lang">
        <LanguageSwitch />
      </div>
      <main className="c-signin" id="c-main">
        <h1>{t("signInTitle")}</h1>
        {reason === "ended" && (
          <p className="c-note c-note--warn" role="status" data-testid="session-ended">
            {t("sessionEnded")}
          </p>
        )}
        {reason === "signed-out" && (
          <p className="c-note" role="status">
            {t("signedOut")}
          </p>
        )}
        <p>{t("signInIntro")}</p>
        <form className="c-form" onSubmit={submit} noValidate>
          <div className="c-field">
            <label htmlFor="signin-email">{t("email")}</label>
            <input id="signin-email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} data-testid="signin-email" />
          </div>
          <div className="c-field">
            <label htmlFor="signin-password">{t("password")}</label>
            <input
              id="signin-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              data-testid="signin-password"
            />
          </div>
          <div className="c-actions">
            <button type="submit" className="c-button c-button--primary" disabled={action.busy || !email.trim() || !password} data-testid="signin-submit">
              {action.busy ? t("signingIn") : t("signIn")}
            </button>
          </div>
          <div aria-live="polite">
            {wait !== null && (
              <p className="c-note c-note--warn" data-testid="signin-wait">
                {t("tooManyAttempts", { minutes: wait })}
              </p>
            )}
            {error !== null && <ErrorBox error={error} />}
          </div>
        </form>
      </main>
    </div>
  );
}
