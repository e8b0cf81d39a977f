/* The trainer's console: the brief the workstation made, the texts to the caller's phone, and the scenario's
 * events to fire. Everything the service sends is shown with textContent, never parsed as HTML. The key is
 * in the address's fragment (after #), which the browser never sends to a server; it is kept nowhere else. */
"use strict";

(function () {
  const POLL_MS = 2000;
  const key = decodeURIComponent(location.hash.slice(1));
  const byId = (id) => document.getElementById(id);
  const eventRows = new Map(); // event_id -> {label, button, when}
  let briefShown = false;
  let textsShown = "";
  let problemShown = false;
  let stopped = false;

  function element(tag, text, className) {
    const made = document.createElement(tag);
    if (text !== undefined) made.textContent = text;
    if (className) made.className = className;
    return made;
  }

  function say(message, problem) {
    byId("status").textContent = message;
    byId("status").classList.toggle("problem", Boolean(problem));
    problemShown = Boolean(problem);
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
      stop("This console link is not right", "The practice service does not know this link. Open the whole " +
           "link the workstation shows, including everything after the #.");
    } else if (status === 410) {
      stop("This practice run has ended", "The workstation closed this console, so nothing more can be fired " +
           "from it. The next run has a new link. You can close this page.");
    } else if (status === 429) {
      const wait = Number(body.retry_after) || 60;
      say(`Too many wrong console links were tried from this network. Trying again in ${wait} seconds.`, true);
      return wait * 1000;
    } else {
      say(body.message || `The practice service answered with an error (${status}). Trying again…`, true);
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
      eventRows.set(event.event_id, { label: event.label, button, when });
      return item;
    }));
  }

  function showFired(fired) {
    eventRows.forEach((row, eventId) => {
      if (fired[eventId] && row.when.hidden) {
        row.button.disabled = true;
        row.button.firstChild.textContent = "Fired";
        row.when.textContent = `Fired at ${clock(fired[eventId])}`;
        row.when.hidden = false;
      }
    });
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
    try {
      const answer = await post("/api/trainer/fire", { key, event_id: eventId });
      if (answer.ok) {
        showFired(answer.body.fired || {});
        say(`Fired: ${row.label}.`);
        row.when.focus(); // the button it replaces can no longer be used
        return;
      }
      if (answer.status === 404 || answer.status === 410) {
        refused(answer.status, answer.body);
        return;
      }
      say(answer.body.message || `The event was not fired (error ${answer.status}). Try again.`, true);
    } catch (e) {
      say("The event was not fired: this device cannot reach the practice service. Check it is on the training " +
          "room's network, then try again.", true);
    }
    row.button.disabled = false;
  }

  async function refresh() {
    let wait = POLL_MS;
    try {
      const answer = await post("/api/trainer/console", { key });
      if (answer.ok) {
        if (!briefShown) showBrief(answer.body.brief);
        showFired(answer.body.fired || {});
        showTexts(answer.body.texts || []);
        if (problemShown) say("");
      } else {
        wait = refused(answer.status, answer.body);
      }
    } catch (e) {
      say("Cannot reach the practice service. Check this device is on the training room's network and the " +
          "workstation is still running. Trying again…", true);
    }
    if (!stopped) setTimeout(refresh, wait);
  }

  if (!key) {
    stop("This page needs its link", "Open the trainer's console from the link the workstation shows: it ends " +
         "with # and a long code.");
  } else {
    refresh();
  }
})();
