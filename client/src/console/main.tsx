/**
 * Entry of the researcher console (/console). A separate Vite entry from the respondent app: the tablet
 * and family pages load none of this code, and this page loads no survey-core. The results section is
 * loaded only when someone opens it (see screens/ResultsTab.tsx).
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ConsoleApp } from "./App.tsx";
import { expireLocalCopies } from "./interviews/local-expiry.ts";
import { BASE, paths } from "./router.tsx";
import "./console.css";

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");

if (location.pathname === BASE || location.pathname === `${BASE}/`) history.replaceState(null, "", paths.studies());

// Unsent interview notes and audio left on this computer too long are forgotten (interviews/local-expiry.ts).
void expireLocalCopies();

createRoot(root).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
