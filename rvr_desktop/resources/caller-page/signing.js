/* Signing the statement on this page, when the officer asks (linkservice/signing.py).
 *
 * The statement and the declaration arrive over the call's socket, never in the address, and are put
 * in the page as text (never as markup) inside a panel built for this one request. She types her full
 * name and taps "I sign this statement"; the page answers with the name and the SHA-256 of exactly the
 * text it showed (statement, a blank line, the declaration: workflow/signing.py `signed_text`).
 *
 * The statement must not stay on the phone: nothing is stored, the name box is outside any form (so no
 * autofill keeps it), and the whole panel, text and name, is removed from the page as soon as she signs,
 * the officer withdraws the request, or the call ends. While the page is out of view (another app, the app
 * switcher's picture of it, a locked screen, the browser freezing a background tab) or, on the caller's page,
 * its window has lost focus, the panel is removed from the page too, not merely hidden, and only the
 * request's id is kept. Back in view, the page asks the service for the text again (`sign-show`), which sends it while the request still
 * stands. Time away counts against AWAY_LIMIT_MS: back after longer, it asks for nothing and tells the
 * service she was away (`sign-away`), which withdraws the request and tells the officer why. Whoever picks
 * up a phone put down or locked mid-request, and unlocks it, finds nothing of the statement. On the caller's
 * page, time out of focus counts too: her phone may lie unlocked with another app beside the page, for
 * whoever picks it up. An interpreter's page (a professional's desktop, another window in front while she
 * looks a word up) keeps the text while its window has merely lost focus, however long; hidden or
 * minimised, it is taken down and timed as on the caller's page.
 */
"use strict";

(function () {
  const PART_BREAK = "\n\n";
  // Long enough to glance at a message or answer a notification and come back; short enough that a phone
  // locked or put down mid-request, then picked up by someone else, does not show her statement again.
  const AWAY_LIMIT_MS = 20_000;
  let current = null; // { requestId, panel }
  let parked = null; // { requestId, call }: taken down while the page was out of view, to be asked for again
  let awaySince = null; // Date.now() when the page was last hidden or frozen, until it is back
  let unfocused = false; // its window has lost focus (the page may still be on screen)

  const interpreterPage = () => ((window.rvrCaller.page || {}).claim || {}).role === "interpreter";
  const words = (key) => (window.rvrCaller.t ? window.rvrCaller.t(key) : key);

  function element(tag, attributes, text) {
    const made = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => made.setAttribute(name, value));
    if (text !== undefined) made.textContent = text;
    return made;
  }

  /* On a line of its own: the call's status line changes with the connection and would overwrite it. */
  function tell(key) {
    const status = document.getElementById("signing-status");
    status.dataset.text = key;
    delete status.dataset.values;
    status.textContent = words(key);
  }

  /* Take the panel down, and every word of the statement with it. */
  function takeDown() {
    if (!current) return;
    current.panel.remove();
    current = null;
  }

  function show(message, call) {
    takeDown();
    parked = null;
    // Sent while she is away (hidden, or not back since losing focus): shown once she is back, unless the
    // page has been hidden too long by then.
    if (document.visibilityState === "hidden" || awaySince !== null || unfocused) {
      parked = { requestId: message.request_id, call };
      if (awaySince === null && (document.visibilityState === "hidden" || !interpreterPage())) awaySince = Date.now();
      return;
    }
    const interpreter = message.role === "interpreter";
    const panel = element("section", { id: "signing", class: "signing", role: "dialog", "aria-modal": "true",
      "aria-labelledby": "signing-title" });
    panel.appendChild(element("h2", { id: "signing-title", tabindex: "-1" }, words("sign_title")));
    panel.appendChild(element("p", {}, words(interpreter ? "sign_intro_interpreter" : "sign_intro")));
    const text = element("div", { id: "signing-text", class: "signing-text", tabindex: "0", role: "region",
      "aria-label": words("sign_text_label") });
    message.statement.split(/\n{2,}/).forEach((paragraph) => text.appendChild(element("p", {}, paragraph)));
    text.appendChild(element("p", { class: "important" }, message.declaration));
    panel.appendChild(text);
    const fields = [["sign-name", "sign_name_label"]];
    if (interpreter) fields.push(["sign-reference", "sign_reference_label"]);
    fields.forEach(([id, label]) => {
      panel.appendChild(element("label", { for: id }, words(label)));
      panel.appendChild(element("input", { id, type: "text", autocomplete: "off", autocapitalize: "words",
        autocorrect: "off", spellcheck: "false", maxlength: "200" }));
    });
    const problem = element("p", { id: "sign-problem", class: "problem", role: "alert" });
    panel.appendChild(problem);
    const actions = element("div", { class: "actions" });
    const button = element("button", { type: "button", id: "sign", class: "primary" }, words("sign_button"));
    actions.appendChild(button);
    panel.appendChild(actions);
    const signed = message.statement + PART_BREAK + message.declaration;
    button.addEventListener("click", () => sign(call, message.request_id, signed, problem));
    const screen = document.getElementById("screen-call");
    screen.insertBefore(panel, screen.firstChild);
    current = { requestId: message.request_id, panel, call };
    panel.querySelector("h2").focus();
  }

  /* Out of view (`hidden`: the away clock starts) or only out of focus: the statement leaves the page; only
   * the request's id stays, to ask for it again. */
  function outOfView(hidden) {
    if ((hidden || !interpreterPage()) && awaySince === null) awaySince = Date.now();
    if (!hidden) unfocused = true;
    if (!current) return;
    parked = { requestId: current.requestId, call: current.call };
    takeDown();
  }

  /* Back in view: the text again after a short absence; after a long one, the request withdrawn instead. */
  function backInView(focused) {
    if (focused) unfocused = false;
    if (document.visibilityState === "hidden") return; // focus back on a page still hidden: not seen yet
    // Visible again but its window still behind another (the tab shown, the window not yet clicked): wait
    // for the focus, as for a window that only lost it.
    if (unfocused && !document.hasFocus()) return;
    unfocused = false;
    const away = awaySince === null ? 0 : Date.now() - awaySince;
    awaySince = null;
    if (!parked) return;
    const { requestId, call } = parked;
    parked = null;
    if (away > AWAY_LIMIT_MS) {
      call.send({ type: "sign-away", request_id: requestId });
      tell("sign_withdrawn");
    } else {
      call.send({ type: "sign-show", request_id: requestId });
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") outOfView(true);
    else backInView(false);
  });
  // Another window or app in front (a split screen, a system dialog) may leave the caller's page visible on a
  // phone put down unlocked: there losing focus takes the statement down and starts the clock. An interpreter's
  // page is on a professional's desktop, where a window behind her dictionary is not out of view: blur alone
  // leaves her request as it is (only hidden, minimised or frozen counts). (Only the window's own blur: a field
  // of the page losing focus is not her leaving it.)
  window.addEventListener("blur", (event) => {
    if (event.target === window && !interpreterPage()) outOfView(false);
  });
  window.addEventListener("focus", (event) => { if (event.target === window) backInView(true); });
  // A browser that gives no focus event on her return (the page tapped while visible) still has her there.
  document.addEventListener("pointerdown", () => { if (unfocused) backInView(true); }, true);
  // Chrome on Android freezes a background tab, sometimes without a visibilitychange the page could act on.
  document.addEventListener("freeze", () => outOfView(true));
  document.addEventListener("resume", () => backInView(false));
  // Leaving the page (caller.js takes the panel down and leaves the call): nothing is asked for again.
  window.addEventListener("pagehide", () => { parked = null; });

  async function sign(call, requestId, signed, problem) {
    const name = document.getElementById("sign-name").value.trim().replace(/\s+/g, " ");
    if (name.length < 2) {
      problem.textContent = words("sign_name_missing");
      document.getElementById("sign-name").focus();
      return;
    }
    const reference = document.getElementById("sign-reference");
    const digest = await window.RvrCall.sha256Hex(new TextEncoder().encode(signed));
    if (!current || current.requestId !== requestId) return; // withdrawn while the digest was made
    const answer = { type: "sign", request_id: requestId, name, digest };
    if (reference) answer.reference = reference.value.trim();
    call.send(answer);
    takeDown();
    tell("sign_sending");
  }

  /* Messages of the call's socket that concern signing; true when this handled it. */
  function handle(message, call) {
    if (message.type === "sign-request" && typeof message.statement === "string"
        && typeof message.declaration === "string") {
      show(message, call);
    } else if (message.type === "sign-withdrawn") {
      if (parked && parked.requestId === message.request_id) { parked = null; tell("sign_withdrawn"); }
      if (current && current.requestId === message.request_id) { takeDown(); tell("sign_withdrawn"); }
    } else if (message.type === "ack" && message.what === "signed") {
      tell("sign_done");
    } else if (message.type === "error" && ["not_asked", "not_what_was_shown", "bad_name"].includes(message.code)) {
      tell("sign_failed");
    } else {
      return false;
    }
    return true;
  }

  /* Taken down for good (the call ended, the connection dropped): nothing to ask for again either. */
  function takeDownForGood() {
    parked = null;
    awaySince = null;
    takeDown();
  }

  window.RvrSigning = { handle, takeDown: takeDownForGood };
})();
