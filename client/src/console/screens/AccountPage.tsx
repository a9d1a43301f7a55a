/**
 * The signed-in person's own account: their role, and changing their password (the current one is asked
 * again; the server says which field is wrong).
 */
import { useState, type FormEvent, type JSX } from "react";
import { api, type User } from "../api.ts";
import { roleName } from "../format.ts";
import { useT } from "../i18n.tsx";
import { ActionStatus, FieldMessage, useAction } from "../ui.tsx";

export function AccountPage({ user }: { user: User }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [checked, setChecked] = useState(false);
  const action = useAction();
  const error = action.state.kind === "error" ? action.state.error : null;
  const differ = checked && next !== repeat ? t("passwordsDiffer") : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!current || !next || next !== repeat) return;
    void action.run(async () => {
      await api("POST", "/api/auth/password", { currentPassword: current, newPassword: next });
      setCurrent("");
      setNext("");
      setRepeat("");
      setChecked(false);
    }, t("passwordChanged"));
  };

  return (
    <section className="c-page" aria-labelledby="account-title">
      <div className="c-page__head">
        <h1 id="account-title">{t("accountTitle")}</h1>
      </div>
      <p>
        {user.email} · {t("yourRole", { role: roleName(user.role, tr) })}
      </p>
      <section className="c-panel" aria-labelledby="password-title">
        <h2 id="password-title">{t("changePassword")}</h2>
        <form className="c-form" onSubmit={submit} noValidate data-testid="password-form">
          <div className="c-field">
            <label htmlFor="current-password">{t("currentPassword")}</label>
            <input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} aria-describedby="currentPassword-error" />
            <FieldMessage id="currentPassword-error" error={error} field="currentPassword" local={checked && !current ? t("required") : null} />
          </div>
          <div className="c-field">
            <label htmlFor="new-password">{t("newPassword")}</label>
            <input id="new-password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} aria-describedby="newPassword-hint newPassword-error" />
            <p className="c-field__hint" id="newPassword-hint">
              {t("passwordHint")}
            </p>
            <FieldMessage id="newPassword-error" error={error} field="newPassword" local={checked && !next ? t("required") : null} />
          </div>
          <div className="c-field">
            <label htmlFor="repeat-password">{t("repeatPassword")}</label>
            <input id="repeat-password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} aria-describedby="repeat-error" />
            <FieldMessage id="repeat-error" error={null} field="repeat" local={differ} />
          </div>
          <div className="c-actions">
            <button type="submit" className="c-button c-button--primary" disabled={action.busy}>
              {t("changePassword")}
            </button>
          </div>
          <ActionStatus state={action.state} busyText={t("saving")} shownFields={["currentPassword", "newPassword"]} />
        </form>
      </section>
    </section>
  );
}
