/**
 * A small router over the history API, so each console screen has its own address (bookmarks, the back
 * button, a colleague's link to /console/studies/<id>/tablets) without another dependency. `usePath()`
 * re-renders on navigation; `parseRoute` turns the path into the screen to show.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type JSX, type MouseEvent } from "react";

export const BASE = "/console";
const CHANGE = "console:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname) return;
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

export const STUDY_TABS = ["overview", "tablets", "links", "paper", "interviews", "coding", "results", "export"] as const;
export type StudyTab = (typeof STUDY_TABS)[number];

export type Route =
  | { name: "studies" }
  | { name: "study-new" }
  | { name: "study"; id: string; tab: StudyTab }
  | { name: "study-edit"; id: string }
  | { name: "paper-entry"; id: string }
  | { name: "paper-conflict"; id: string; number: string }
  | { name: "interview"; id: string }
  | { name: "interview-coding"; id: string }
  | { name: "users" }
  | { name: "audit" }
  | { name: "account" }
  | { name: "not-found" };

export function parseRoute(path: string): Route {
  const rest = path.startsWith(BASE) ? path.slice(BASE.length) : path;
  const parts = rest.split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third, ...more] = parts;
  // Paper work inside a study: /studies/<id>/paper/entry and /studies/<id>/paper/conflicts/<number>.
  if (first === "studies" && second && third === "paper" && more.length > 0) {
    if (more.length === 1 && more[0] === "entry") return { name: "paper-entry", id: second };
    if (more.length === 2 && more[0] === "conflicts" && more[1]) return { name: "paper-conflict", id: second, number: more[1] };
    return { name: "not-found" };
  }
  if (more.length > 0) return { name: "not-found" };
  if (!first || (first === "studies" && !second)) return { name: "studies" };
  if (first === "studies" && second === "new" && !third) return { name: "study-new" };
  if (first === "studies" && second) {
    if (!third) return { name: "study", id: second, tab: "overview" };
    if (third === "edit") return { name: "study-edit", id: second };
    if ((STUDY_TABS as readonly string[]).includes(third)) return { name: "study", id: second, tab: third as StudyTab };
    return { name: "not-found" };
  }
  // One interview or focus group, worked on by the interviewer: /interviews/<session id>; coded: .../coding.
  if (first === "interviews" && second && !third) return { name: "interview", id: second };
  if (first === "interviews" && second && third === "coding" && more.length === 0) return { name: "interview-coding", id: second };
  if (second) return { name: "not-found" };
  if (first === "users") return { name: "users" };
  if (first === "audit") return { name: "audit" };
  if (first === "account") return { name: "account" };
  return { name: "not-found" };
}

export const paths = {
  studies: () => `${BASE}/studies`,
  newStudy: () => `${BASE}/studies/new`,
  study: (id: string, tab: StudyTab = "overview") => `${BASE}/studies/${encodeURIComponent(id)}${tab === "overview" ? "" : `/${tab}`}`,
  editStudy: (id: string) => `${BASE}/studies/${encodeURIComponent(id)}/edit`,
  paperEntry: (id: string) => `${BASE}/studies/${encodeURIComponent(id)}/paper/entry`,
  paperConflict: (id: string, number: string) => `${BASE}/studies/${encodeURIComponent(id)}/paper/conflicts/${encodeURIComponent(number)}`,
  interview: (id: string) => `${BASE}/interviews/${encodeURIComponent(id)}`,
  interviewCoding: (id: string) => `${BASE}/interviews/${encodeURIComponent(id)}/coding`,
  users: () => `${BASE}/users`,
  audit: () => `${BASE}/audit`,
  account: () => `${BASE}/account`,
};

export interface LinkProps extends AnchorHTMLAttributes<HTMLAnchorElement> {
  to: string;
}

/** An ordinary link (opens in a new tab with Ctrl/middle click) that navigates in place otherwise. */
export function Link({ to, onClick, ...rest }: LinkProps): JSX.Element {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click} {...rest} />;
}
