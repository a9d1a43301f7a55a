/**
 * Accounts, for admins: create a colleague's account (the server makes a temporary password, shown here
 * once), change a role, disable or enable an account, or give a new temporary password. An admin cannot
 * disable or demote themselves (409 user.self); the server's detail says so.
 */
import { useState, type FormEvent, type JSX } from "react";
import { api, ROLES, type Role, type User } from "../api.ts";
import { roleName } from "../format.ts";
import { useT } from "../i18n.tsx";
import { ActionStatus, ConfirmButton, CopyButton, FieldMessage, Loadable, useAction, useResource } from "../ui.tsx";

interface Account {
  id: number;
  email: string;
  role: Role;
  createdOn: string;
  disabled: boolean;
}

interface TemporaryPassword {
  email: string;
  password: string;
}

export function UsersPage({ user }: { user: User }): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const accounts = useResource<Account[]>("/api/users");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("researcher");
  const [temporary, setTemporary] = useState<TemporaryPassword | null>(null);
  const [checked, setChecked] = useState(false);
  const creating = useAction();
  const error = creating.state.kind === "error" ? creating.state.error : null;

  const replace = (account: Account) => accounts.set((old) => (old ?? []).map((a) => (a.id === account.id ? account : a)));

  const create = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (!email.trim()) return;
    void creating.run(async () => {
      const created = await api<{ user: Account; temporaryPassword: string }>("POST", "/api/users", { email: email.trim(), role });
      setTemporary({ email: created.user.email, password: created.temporaryPassword });
      setEmail("");
      setChecked(false);
      accounts.set((old) => [...(old ?? []), created.user].sort((a, b) => a.email.localeCompare(b.email)));
    });
  };

  return (
    <section className="c-page" aria-labelledby="users-title">
      <div className="c-page__head">
        <h1 id="users-title">{t("usersTitle")}</h1>
      </div>

      {temporary && <TemporaryPasswordPanel value={temporary} onDone={() => setTemporary(null)} />}

      <section className="c-panel" aria-labelledby="new-user-title">
        <h2 id="new-user-title">{t("newUser")}</h2>
        <form className="c-form c-inline-form" onSubmit={create} noValidate>
          <div className="c-field">
            <label htmlFor="new-user-email">{t("email")}</label>
            <input id="new-user-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="email-error" data-testid="new-user-email" />
            <FieldMessage id="email-error" error={error} field="email" local={checked && !email.trim() ? t("required") : null} />
          </div>
          <div className="c-field">
            <label htmlFor="new-user-role">{t("role")}</label>
            <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="new-user-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r, tr)}
                </option>
              ))}
            </select>
            <FieldMessage id="role-error" error={error} field="role" />
          </div>
          <button type="submit" className="c-button c-button--primary" disabled={creating.busy} data-testid="create-user">
            {t("createUser")}
          </button>
        </form>
        <ActionStatus state={creating.state} busyText={t("creatingUser")} shownFields={["email", "role"]} />
      </section>

      <section className="c-panel" aria-labelledby="user-list-title">
        <h2 id="user-list-title" className="c-visually-hidden">
          {t("usersTitle")}
        </h2>
        <Loadable resource={accounts}>
          {(list) => (
            <div className="c-tablewrap">
              <table className="c-table" data-testid="users">
                <thead>
                  <tr>
                    <th scope="col">{t("colEmail")}</th>
                    <th scope="col">{t("colRole")}</th>
                    <th scope="col">{t("colCreated")}</th>
                    <th scope="col">{t("colStatus")}</th>
                    <th scope="col">{t("colActions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((account) => (
                    <AccountRow key={account.id} account={account} self={account.id === user.id} onChange={replace} onTemporary={setTemporary} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loadable>
      </section>
    </section>
  );
}

function AccountRow({
  account,
  self,
  onChange,
  onTemporary,
}: {
  account: Account;
  self: boolean;
  onChange: (account: Account) => void;
  onTemporary: (value: TemporaryPassword) => void;
}): JSX.Element {
  const tr = useT();
  const { t } = tr;
  const action = useAction();
  const path = `/api/users/${account.id}`;

  const patch = (change: { role?: Role; disabled?: boolean }) =>
    void action.run(async () => onChange(await api<Account>("PATCH", path, change)), t("saved"));

  return (
    <tr data-testid="user-row" data-email={account.email} className={account.disabled ? "c-row--muted" : undefined}>
      <td className="c-break">
        {account.email} {self && <span className="c-muted">{t("you")}</span>}
      </td>
      <td>
        <select
          value={account.role}
          aria-label={t("roleOf", { email: account.email })}
          disabled={action.busy}
          onChange={(e) => patch({ role: e.target.value as Role })}
          data-testid="user-role"
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleName(r, tr)}
            </option>
          ))}
        </select>
      </td>
      <td className="c-nowrap">{tr.day(account.createdOn)}</td>
      <td>
        <span className={account.disabled ? "c-badge c-badge--closed" : "c-badge c-badge--open"}>{account.disabled ? t("userDisabled") : t("userActive")}</span>
      </td>
      <td className="c-table__actions">
        <div className="c-buttons">
          {account.disabled ? (
            <button type="button" className="c-button" disabled={action.busy} onClick={() => patch({ disabled: false })} data-testid="enable-user">
              {t("enable")}
            </button>
          ) : (
            <ConfirmButton label={t("disable")} question={t("disableConfirm", { email: account.email })} disabled={action.busy} onConfirm={() => patch({ disabled: true })} testId="disable-user" />
          )}
          <ConfirmButton
            label={t("resetPassword")}
            question={t("resetConfirm", { email: account.email })}
            danger={false}
            disabled={action.busy}
            testId="reset-password"
            onConfirm={() =>
              void action.run(async () => {
                const { temporaryPassword } = await api<{ temporaryPassword: string }>("POST", `${path}/password-reset`);
                onTemporary({ email: account.email, password: temporaryPassword });
              })
            }
          />
        </div>
        <ActionStatus state={action.state} busyText={t("saving")} />
      </td>
    </tr>
  );
}

function TemporaryPasswordPanel({ value, onDone }: { value: TemporaryPassword; onDone: () => void }): JSX.Element {
  const { t } = useT();
  return (
    <section className="c-panel c-panel--highlight" aria-labelledby="temp-title" data-testid="temporary-password-panel">
      <h2 id="temp-title">{t("tempPasswordFor", { email: value.email })}</h2>
      <p className="c-secret" data-testid="temporary-password">
        {value.password}
      </p>
      <p className="c-note c-note--warn">{t("tempPasswordOnce")}</p>
      <div className="c-actions">
        <CopyButton text={value.password} testId="copy-password" />
        <button type="button" className="c-button c-button--primary" onClick={onDone}>
          {t("done")}
        </button>
      </div>
    </section>
  );
}
