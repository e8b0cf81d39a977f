/* Runs the trainer's page (rvr_desktop/resources/trainer-page/trainer.js) under Node for test_trainer_page.py:
 * just enough of a DOM for what the page touches, its fetch sent to a real link service on loopback, and its timer run
 * only when the test says so.
 *
 *   node trainer_page_driver.js TRAINER_JS BASE_URL HASH
 *
 * Commands, one a line on stdin: "tick" (run the page's pending timer: its next refresh), "click N" (tap the
 * Nth event's Fire button), "offline" / "online" (the page's requests fail / reach the service again). Once
 * the page has started, and after each command, when no request is in flight, one line of JSON on stdout says
 * what the page shows. */
"use strict";

const fs = require("fs");
const readline = require("readline");
const vm = require("vm");

const [pageScript, baseUrl, hash] = process.argv.slice(2);
const realSetTimeout = setTimeout;
const requested = [];
let inFlight = 0;
let offline = false;
let pendingTimer = null;

class ClassList {
  constructor() { this.names = new Set(); }
  add(...names) { names.forEach((name) => this.names.add(name)); }
  remove(...names) { names.forEach((name) => this.names.delete(name)); }
  contains(name) { return this.names.has(name); }
  toggle(name, force) {
    const on = force === undefined ? !this.names.has(name) : Boolean(force);
    if (on) this.names.add(name); else this.names.delete(name);
    return on;
  }
}

class Node_ {
  constructor(tag) {
    this.tagName = tag;
    this.children = [];
    this.text = "";
    this.hidden = false;
    this.disabled = false;
    this.classList = new ClassList();
    this.attributes = {};
    this.listeners = {};
  }
  get className() { return [...this.classList.names].join(" "); }
  set className(value) { this.classList = new ClassList(); this.classList.add(...value.split(/\s+/).filter(Boolean)); }
  get textContent() { return this.text + this.children.map((child) => child.textContent).join(""); }
  set textContent(value) { this.text = String(value); this.children = []; }
  get firstChild() { return this.children[0]; }
  appendChild(child) { this.children.push(child); return child; }
  append(...children) {
    children.forEach((child) => this.appendChild(typeof child === "string" ? textNode(child) : child));
  }
  replaceChildren(...children) { this.text = ""; this.children = []; this.append(...children); }
  setAttribute(name, value) { this.attributes[name] = String(value); }
  addEventListener(type, listener) { (this.listeners[type] = this.listeners[type] || []).push(listener); }
  focus() { /* nothing to move */ }
  click() { if (!this.disabled) (this.listeners.click || []).forEach((listener) => listener()); }
}

function textNode(text) {
  const node = new Node_("#text");
  node.text = String(text);
  return node;
}

const byId = new Map();
const document = {
  title: "",
  getElementById(id) {
    if (!byId.has(id)) byId.set(id, new Node_("div"));
    return byId.get(id);
  },
  createElement: (tag) => new Node_(tag),
  createTextNode: textNode,
};
["screen-console", "screen-stopped", "no-events"].forEach((id) => { document.getElementById(id).hidden = true; });

async function fetch(path, options) {
  requested.push(path);
  if (offline) throw new TypeError("Failed to fetch");
  inFlight += 1;
  try {
    const response = await globalThis.fetch(baseUrl + path, options);
    const body = await response.text();
    return { status: response.status, ok: response.ok, json: async () => JSON.parse(body) };
  } finally {
    inFlight -= 1;
  }
}

function shown() {
  const get = (id) => document.getElementById(id);
  return {
    status: get("status").textContent,
    status_kinds: [...get("status").classList.names].sort(),
    opening: !get("screen-opening").hidden,
    console: !get("screen-console").hidden,
    stopped: !get("screen-stopped").hidden,
    stopped_title: get("stopped-title").textContent,
    stopped_reason: get("stopped-reason").textContent,
    events: get("events").children.map((item) => ({
      label: item.children[0].textContent,
      expected: item.children[1].textContent,
      due: item.classList.contains("due"),
      can_fire: !item.children[2].disabled,
      fired: item.children[3].hidden ? "" : item.children[3].textContent,
    })),
    texts: get("texts").children.map((item) => item.children[0].textContent),
    requested: requested.splice(0),
    polling: pendingTimer !== null,
  };
}

/* Until nothing is in flight and the page's promises have run out (a few quiet turns of the event loop). */
async function settled() {
  for (let quiet = 0; quiet < 5;) {
    await new Promise((resolve) => realSetTimeout(resolve, 5));
    quiet = inFlight === 0 ? quiet + 1 : 0;
  }
}

async function report() {
  await settled();
  process.stdout.write(JSON.stringify(shown()) + "\n");
}

const context = vm.createContext({
  document, location: { hash }, fetch, console,
  setTimeout: (callback) => { pendingTimer = callback; },
});
vm.runInContext(fs.readFileSync(pageScript, "utf-8"), context, { filename: pageScript });

const commands = readline.createInterface({ input: process.stdin });
let queue = report();
commands.on("line", (line) => {
  queue = queue.then(async () => {
    const [command, argument] = line.trim().split(/\s+/);
    if (command === "tick") {
      const callback = pendingTimer;
      pendingTimer = null;
      if (callback) callback();
    } else if (command === "click") {
      document.getElementById("events").children[Number(argument)].children[2].click();
    } else if (command === "offline" || command === "online") {
      offline = command === "offline";
    }
    await report();
  });
});
commands.on("close", () => queue.then(() => process.exit(0)));
