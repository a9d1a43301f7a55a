/**
 * Entry of the respondent app. One small bundle serves two places: the shared tablet kiosk (/tablet) and
 * a family member's link (/f/<token>). The researcher console will be a separate, lazily loaded bundle so
 * it never weighs on this one.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { FamilyApp } from "./respondent/family/FamilyApp.tsx";
import { TabletApp } from "./respondent/tablet/TabletApp.tsx";

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");

const family = /^\/f\/([A-Za-z0-9_-]{20,200})\/?$/.exec(location.pathname);
const app = family ? <FamilyApp token={family[1]!} /> : <TabletApp />;

if (!family && "serviceWorker" in navigator) {
  // The kiosk must start with the network off after its first online start.
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Without a service worker the kiosk still works online; nothing to tell the respondent.
  });
}

createRoot(root).render(<StrictMode>{app}</StrictMode>);
