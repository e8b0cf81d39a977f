/* The simulated caller signs her statement, put into the simulated phone's browser before the caller's page loads.
 *
 * The caller's page is the real one, unchanged: when the officer asks her to sign, its signing panel appears as on
 * any phone. Here, after a short pause (she reads it), her name is typed into the panel's name box and its button
 * tapped, so the answer goes to the link service exactly as a real phone's does, and the trainee rehearses the
 * whole of asking, waiting and seeing her signature arrive. Run with SIMULATED_SIGNER = { name, pauseMs } set
 * before this script (video/simulated_caller.py). A panel taken down before the pause is over is not signed. */
"use strict";

(() => {
  const { name, pauseMs } = SIMULATED_SIGNER;
  let waiting = null; // the panel being read, while its pause runs

  function signIfStillShown(panel) {
    waiting = null;
    const box = document.getElementById("sign-name");
    const button = document.getElementById("sign");
    if (!panel.isConnected || !box || !button) return; // withdrawn or hidden meanwhile
    box.value = name;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    button.click();
  }

  function watch() {
    new MutationObserver(() => {
      const panel = document.getElementById("signing");
      if (panel && (!waiting || waiting.panel !== panel)) {
        if (waiting) clearTimeout(waiting.timer);
        waiting = { panel, timer: setTimeout(() => signIfStillShown(panel), pauseMs) };
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  }

  if (document.documentElement) watch();
  else document.addEventListener("DOMContentLoaded", watch);
})();
