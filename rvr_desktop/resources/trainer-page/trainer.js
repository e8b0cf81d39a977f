/* The trainer's console: the brief the workstation made, the texts to the caller's phone, and the scenario's
 * events to fire. Everything the service sends is shown with textContent, never parsed as HTML. The key is
 * in the address's fragment (after #), which the browser never sends to a server; it is kept nowhere else.
 * The workstation's timetable may fire an event by itself when it falls due: the page then tells the trainer
 * to act it now. */
"use strict";

(function () {
  const POLL_MS = 2000;
  const NOT_RIGHT = ["This console link is not right", "The practice service does not know this link. Open the " +
                     "whole link the workstation shows, including everything after the #."];
  const CLOSE_TAB = /close the caller['\u2019]s tab/i; // an instruction that must stay in view until acted
  const byId = (id) => document.getElementById(id);
  const eventRows = new Map(); // event_id -> {label, expected, item, button, when}
  const firedHere = new Set(); // events this page fired (or is firing): never announced as due
  let briefShown = false;
  let textsShown = "";
  let problemShown = false;
  let standing = ""; // a due event's instruction to close the caller's tab, shown again after a passing problem
  let stopped = false;

  /* The key from the address; "" when there is none or it is garbled (a malformed % sequence throws). */
  function keyInAddress() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return "";
    }
  }
  const key = keyInAddress();

  function element(tag, text, className) {
    const made = document.createElement(tag);
    if (text !== undefined) made.textContent = text;
    if (className) made.className = className;
    return made;
  }

  /* The status line; `kind` "problem" (cleared when it passes) or "due" (an event to act now) stand out. */
  function say(message, kind) {
    byId("status").textContent = message;
    byId("status").classList.toggle("problem", kind === "problem");
    byId("status").classList.toggle("due", kind === "due");
    problemShown = kind === "problem";
  }

  function clock(iso) {
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return iso;
    return when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  }

  /* The console cannot go on: say why, and stop asking the service. */
  function stop(title, reason) {
    stopped = true;
    say("");
    byId("screen-opening").hidden = true;
    byId("screen-console").hidden = true;
    byId("screen-stopped").hidden = false;
    byId("stopped-title").textContent = title;
    byId("stopped-reason").textContent = reason;
    byId("stopped-title").focus();
  }

  /* A refusal both requests share; returns the milliseconds to wait before asking again. */
  function refused(status, body) {
    if (status === 404) {
      stop(...NOT_RIGHT);
    } else if (status === 410) {
      stop("This practice run has ended", "The workstation closed this console, so nothing more can be fired " +
           "from it. The next run has a new link. You can close this page.");
    } else if (status === 429) {
      const wait = Number(body.retry_after) || 60;
      say(`Too many wrong console links were tried from this network. Trying again in ${wait} seconds.`, "problem");
      return wait * 1000;
    } else {
      say(body.message || `The practice service answered with an error (${status}). Trying again…`, "problem");
    }
    return POLL_MS;
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      cache: "no-store", credentials: "omit",
    });
    let answer = {};
    try { answer = await response.json(); } catch (e) { /* an empty or broken answer is handled by its status */ }
    return { status: response.status, ok: response.ok, body: answer };
  }

  /* A text's words with its web addresses as links that open the caller's page in a new tab. */
  function withLinks(text) {
    const paragraph = element("p");
    text.split(/(https?:\/\/\S+)/).forEach((part, index) => {
      if (index % 2 === 1) {
        const anchor = element("a", part);
        anchor.href = part;
        anchor.target = "_blank";
        anchor.rel = "noopener noreferrer";
        paragraph.appendChild(anchor);
      } else if (part) {
        paragraph.appendChild(document.createTextNode(part));
      }
    });
    return paragraph;
  }

  function showTexts(texts) {
    const fingerprint = JSON.stringify(texts);
    if (fingerprint === textsShown) return; // redrawing would move the focus out of a link
    textsShown = fingerprint;
    byId("no-texts").hidden = texts.length > 0;
    byId("texts").replaceChildren(...texts.map((text) => {
      const item = element("li");
      item.appendChild(withLinks(text.body));
      item.appendChild(element("p", `Sent ${clock(text.sent_at)} · ${text.status}`, "note"));
      return item;
    }));
  }

  function showFacts(facts) {
    byId("facts").replaceChildren(...facts.flatMap(([label, value]) => [element("dt", label), element("dd", value)]));
  }

  function showScript(script) {
    byId("script").replaceChildren(...script.map((section) => {
      const details = element("details");
      details.appendChild(element("summary", section.heading));
      const lines = element("ul", undefined, "lines");
      section.lines.forEach((line) => {
        const item = element("li");
        const prompt = element("p", undefined, "prompt");
        prompt.append(element("span", "When the trainee: ", "visually-hidden"), line.prompt);
        const says = element("div", undefined, "says");
        says.appendChild(element("span", "You say:", "visually-hidden"));
        line.says.forEach((words) => says.appendChild(element("p", words)));
        item.append(prompt, says);
        lines.appendChild(item);
      });
      details.appendChild(lines);
      return details;
    }));
  }

  function showEvents(events) {
    byId("no-events").hidden = events.length > 0;
    byId("events").replaceChildren(...events.map((event, index) => {
      const item = element("li");
      const heading = element("h3", event.label);
      heading.id = `event-${index}`;
      const expected = element("p", event.expected, "note");
      expected.id = `event-${index}-expected`;
      const button = element("button", undefined, "primary");
      button.type = "button";
      button.append(element("span", "Fire"), element("span", `: ${event.label}`, "visually-hidden"));
      button.setAttribute("aria-describedby", expected.id);
      const when = element("p", "", "fired-at");
      when.hidden = true;
      when.tabIndex = -1;
      button.addEventListener("click", () => fire(event.event_id));
      item.append(heading, expected, button, when);
      eventRows.set(event.event_id, { label: event.label, expected: event.expected, item, button, when });
      return item;
    }));
  }

  /* Marks the events newly fired; returns the rows of those the timetable fired and this page did not. */
  function showFired(fired, firedBy) {
    const due = [];
    eventRows.forEach((row, eventId) => {
      if (fired[eventId] && row.when.hidden) {
        const byTimetable = firedBy[eventId] === "timetable";
        row.button.disabled = true;
        row.button.firstChild.textContent = "Fired";
        row.when.textContent = byTimetable ? `Due: the timetable fired it at ${clock(fired[eventId])}`
          : `Fired at ${clock(fired[eventId])}`;
        row.when.hidden = false;
        if (byTimetable && !firedHere.has(eventId)) due.push(row);
      }
    });
    return due;
  }

  /* The timetable fired events by itself: the trainer must act them now. An instruction to close the caller's
   * tab (already under its event) is put in the status line too, and kept there. */
  function announceDue(rows) {
    if (rows.length === 0) return;
    eventRows.forEach((row) => row.item.classList.toggle("due", rows.includes(row)));
    const labels = rows.map((row) => row.label);
    const closing = rows.filter((row) => CLOSE_TAB.test(row.expected)).map((row) => row.expected);
    const message = (rows.length === 1 ? `Due now: ${labels[0]}. Act it now.`
      : `Due now: ${labels.join(", then ")}. Act them now.`) + closing.map((words) => ` ${words}`).join("");
    standing = closing.length > 0 ? message : "";
    say(message, "due");
  }

  function showBrief(brief) {
    byId("title").textContent = brief.title;
    document.title = /TRAINING/.test(brief.title) ? `${brief.title} · Trainer's console`
      : `TRAINING · ${brief.title} · Trainer's console`;
    byId("summary").textContent = brief.summary;
    byId("summary").hidden = !brief.summary;
    showFacts(brief.facts);
    showScript(brief.script);
    showEvents(brief.events);
    byId("screen-opening").hidden = true;
    byId("screen-console").hidden = false;
    byId("title").focus();
    briefShown = true;
  }

  async function fire(eventId) {
    const row = eventRows.get(eventId);
    row.button.disabled = true;
    firedHere.add(eventId);
    try {
      const answer = await post("/api/trainer/fire", { key, event_id: eventId });
      if (answer.ok) {
        const due = showFired(answer.body.fired || {}, answer.body.fired_by || {});
        standing = ""; // the trainer is back at the console, acting
        eventRows.forEach((other) => other.item.classList.remove("due"));
        say(`Fired: ${row.label}.`);
        announceDue(due); // the timetable fired others since the last refresh
        row.when.focus(); // the button it replaces can no longer be used
        return;
      }
      if (answer.status === 404 || answer.status === 410) {
        refused(answer.status, answer.body);
        return;
      }
      say(answer.body.message || `The event was not fired (error ${answer.status}). Try again.`, "problem");
    } catch (e) {
      say("The event was not fired: this device cannot reach the practice service. Check it is on the training " +
          "room's network, then try again.", "problem");
    }
    firedHere.delete(eventId);
    row.button.disabled = false;
  }

  /* The trainer rehearses a text that does not arrive: the practice Notify fails the next one to her phone,
   * and the trainee's link step says what happened and what to do. */
  async function failNextText(event) {
    event.preventDefault();
    const choice = byId("failure");
    const described = choice.options[choice.selectedIndex].textContent;
    byId("fail-next").disabled = true;
    try {
      const answer = await post("/api/trainer/fail-next-text", { key, status: choice.value });
      if (answer.ok) say(`The next text to the caller's phone ${described}.`);
      else if (answer.status === 404 || answer.status === 410) refused(answer.status, answer.body);
      else say(answer.body.message || `Nothing was changed (error ${answer.status}). Try again.`, "problem");
    } catch (e) {
      say("Nothing was changed: this device cannot reach the practice service. Check it is on the training " +
          "room's network, then try again.", "problem");
    }
    byId("fail-next").disabled = false;
  }

  byId("fail-text").addEventListener("submit", failNextText);

  async function refresh() {
    let wait = POLL_MS;
    try {
      const answer = await post("/api/trainer/console", { key });
      if (answer.ok) {
        // Events fired before this page (re)loaded are marked, not announced: a reload must not ask the
        // trainer to act again what they may have acted already.
        const loading = !briefShown;
        if (loading) showBrief(answer.body.brief);
        const due = showFired(answer.body.fired || {}, answer.body.fired_by || {});
        showTexts(answer.body.texts || []);
        if (problemShown) say(standing, standing ? "due" : undefined);
        if (!loading) announceDue(due);
      } else {
        wait = refused(answer.status, answer.body);
      }
    } catch (e) {
      say("Cannot reach the practice service. Check this device is on the training room's network and the " +
          "workstation is still running. Trying again…", "problem");
    }
    if (!stopped) setTimeout(refresh, wait);
  }

  if (!key) {
    stop(...NOT_RIGHT); // no key, or a garbled one: the service could only refuse it
  } else {
    refresh();
  }
})();
