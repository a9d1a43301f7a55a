/**
 * The console as a whole: who is signed in (asked of the server on load), the frame with navigation and
 * the language switch, and which screen the address asks for. When any request finds the session over,
 * the app drops back to sign-in with "Your session ended" and returns to the same address afterwards.
 */
import { useCallback, useEffect, useState, type JSX } from "react";
import { api, ApiError, onSessionEnded, type User } from "./api.ts";
import { CatalogProvider } from "./catalog.tsx";
import { LangProvider, useT } from "./i18n.tsx";
import { Link, parseRoute, paths, usePath, type Route } from "./router.tsx";
import { AccountPage } from "./screens/AccountPage.tsx";
import { AuditPage } from "./screens/AuditPage.tsx";
import { SignIn } from "./screens/SignIn.tsx";
import { StudiesPage } from "./screens/StudiesPage.tsx";
import { StudyForm } from "./screens/StudyForm.tsx";
import { StudyPage } from "./screens/StudyPage.tsx";
import { UsersPage } from "./screens/UsersPage.tsx";
import { LanguageSwitch } from "./LanguageSwitch.tsx";
import { PaperConflictPage } from "./paper/PaperConflictPage.tsx";
import { PaperEntryPage } from "./paper/PaperEntryPage.tsx";
import { InterviewPage } from "./interviews/InterviewPage.tsx";
import { Deferred } from "./lazy.tsx";
import { ErrorBox, useAction } from "./ui.tsx";

type Session = { state: "loading" } | { state: "failed"; error: unknown } | { state: "out"; reason: "none" | "ended" | "signed-out" } | { state: "in"; user: User };

export function ConsoleApp(): JSX.Element {
  return (
    <LangProvider>
      <SessionGate />
    </LangProvider>
  );
}

function SessionGate(): JSX.Element {
  const { t } = useT();
  const [session, setSession] = useState<Session>({ state: "loading" });

  const check = useCallback(() => {
    setSession({ state: "loading" });
    api<{ user: User }>("GET", "/api/auth/me").then(
      ({ user }) => setSession({ state: "in", user }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setSession({ state: "out", reason: "none" });
        else setSession({ state: "failed", error });
      },
    );
  }, []);

  useEffect(() => {
    // The session-ended handler is set before the first request so an expiry during it is caught too.
    onSessionEnded(() => setSession((s) => (s.state === "in" ? { state: "out", reason: "ended" } : s)));
    check();
    return () => onSessionEnded(null);
  }, [check]);

  switch (session.state) {
    case "loading":
      return <p className="c-loading c-loading--page">{t("loading")}</p>;
    case "failed":
      return (
        <main className="c-signin">
          <h1>{t("appTitle")}</h1>
          <p>{t("startFailed")}</p>
          <ErrorBox error={session.error} onRetry={check} />
        </main>
      );
    case "out":
      return <SignIn reason={session.reason} onSignedIn={(user) => setSession({ state: "in", user })} />;
    case "in":
      return (
        <CatalogProvider>
          <Shell user={session.user} onSignedOut={() => setSession({ state: "out", reason: "signed-out" })} />
        </CatalogProvider>
      );
  }
}

function Shell({ user, onSignedOut }: { user: User; onSignedOut: () => void }): JSX.Element {
  const { t } = useT();
  const path = usePath();
  const route = parseRoute(path);
  const signOut = useAction();
  const admin = user.role === "admin";

  const nav: { to: string; label: string; active: boolean; show: boolean; testId: string }[] = [
    { to: paths.studies(), label: t("navStudies"), active: route.name.startsWith("stud") || route.name.startsWith("paper") || route.name === "interview" || route.name === "interview-coding", show: true, testId: "nav-studies" },
    { to: paths.users(), label: t("navUsers"), active: route.name === "users", show: admin, testId: "nav-users" },
    { to: paths.audit(), label: t("navAudit"), active: route.name === "audit", show: admin, testId: "nav-audit" },
    { to: paths.account(), label: t("navAccount"), active: route.name === "account", show: true, testId: "nav-account" },
  ];

  return (
    <div className="c-app">
      <a className="c-skip" href="#c-main">
        {t("skipToContent")}
      </a>
      <header className="c-header">
        <div className="c-header__top">
          <Link to={paths.studies()} className="c-header__title">
            {t("appTitle")}
          </Link>
          <div className="c-header__user">
            <span className="c-header__who" data-testid="signed-in-as">
              {t("signedInAs", { email: user.email, role: t(`role_${user.role}`) })}
            </span>
            <LanguageSwitch />
            <button
              type="button"
              className="c-button c-button--quiet"
              data-testid="sign-out"
              disabled={signOut.busy}
              onClick={() => {
                void signOut.run(async () => {
                  try {
                    await api("POST", "/api/auth/logout");
                  } catch (error) {
                    // Already signed out on the server: that is what was wanted.
                    if (!(error instanceof ApiError && error.status === 401)) throw error;
                  }
                  onSignedOut();
                });
              }}
            >
              {signOut.busy ? t("signingOut") : t("signOut")}
            </button>
          </div>
        </div>
        <nav className="c-nav" aria-label={t("appTitle")}>
          {nav
            .filter((n) => n.show)
            .map((n) => (
              <Link key={n.to} to={n.to} className={n.active ? "c-nav__link c-nav__link--active" : "c-nav__link"} aria-current={n.active ? "page" : undefined} data-testid={n.testId}>
                {n.label}
              </Link>
            ))}
        </nav>
        {signOut.state.kind === "error" && <ErrorBox error={signOut.state.error} />}
      </header>
      <main id="c-main" className="c-main" tabIndex={-1}>
        <Screen route={route} user={user} />
      </main>
    </div>
  );
}

// The coding workspace loads when first opened (lazy.tsx), like the coding tab.
const loadCodingPage = () => import("./coding/CodingPage.tsx").then((m) => ({ default: m.CodingPage }));

function Screen({ route, user }: { route: Route; user: User }): JSX.Element {
  const { t } = useT();
  const organiser = user.role === "admin" || user.role === "researcher";
  switch (route.name) {
    case "studies":
      return <StudiesPage user={user} />;
    case "study-new":
      return organiser ? <StudyForm /> : <NotAllowed />;
    case "study-edit":
      return organiser ? <StudyForm studyId={route.id} /> : <NotAllowed />;
    case "study":
      return <StudyPage key={route.id} studyId={route.id} tab={route.tab} user={user} />;
    case "paper-entry":
      return user.role === "analyst" ? <NotAllowed /> : <PaperEntryPage key={route.id} studyId={route.id} user={user} />;
    case "paper-conflict":
      return organiser ? <PaperConflictPage key={`${route.id}/${route.number}`} studyId={route.id} number={route.number} /> : <NotAllowed />;
    case "interview":
      return user.role === "analyst" ? <NotAllowed /> : <InterviewPage key={route.id} sessionId={route.id} user={user} />;
    case "interview-coding":
      return user.role === "analyst" ? (
        <NotAllowed />
      ) : (
        <Deferred key={route.id} load={loadCodingPage} props={{ sessionId: route.id, user }} loadingText={t("codingLoading")} failedText={t("codingLoadFailed")} />
      );
    case "users":
      return user.role === "admin" ? <UsersPage user={user} /> : <NotAllowed />;
    case "audit":
      return user.role === "admin" ? <AuditPage /> : <NotAllowed />;
    case "account":
      return <AccountPage user={user} />;
    case "not-found":
      return (
        <section className="c-page">
          <p>{t("notFound")}</p>
          <Link to={paths.studies()}>{t("backToStudies")}</Link>
        </section>
      );
  }
}

function NotAllowed(): JSX.Element {
  const { t } = useT();
  return (
    <section className="c-page">
      <p className="c-note">{t("advice_forbidden")}</p>
      <Link to={paths.studies()}>{t("backToStudies")}</Link>
    </section>
  );
}
