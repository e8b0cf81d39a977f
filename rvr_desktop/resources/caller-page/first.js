/* Runs before anything else on the page (a plain script at the top of <head>): the link's token
 * leaves the address bar and this tab's history entry at once, so a glance at the phone, the back
 * button or a reload never shows it. The token rides in the address's fragment, which the browser
 * never sends to a server; the rest of the page reads it from here.
 */
"use strict";
(function () {
  const token = location.hash.slice(1);
  if (location.hash || location.pathname !== "/") history.replaceState(null, "", "/");
  Object.defineProperty(window, "rvrLinkToken", { value: decodeURIComponent(token), configurable: true });
})();
