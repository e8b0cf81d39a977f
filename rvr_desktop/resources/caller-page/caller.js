/* The caller's (and interpreter's) page: open the link (or a spoken code typed at the bare
 * address), wait if the officer must admit this device, consent, check the camera, talk, send
 * photos, share a location once, sign the statement when the officer asks (signing.js), leave quickly.
 *
 * Nothing is written to the phone: no cookie, no storage, no service worker. The link's token
 * (taken out of the address by first.js) and the device key the service hands back live in this
 * script's variables only.
 */
"use strict";

(function () {
  const DEFAULT_EXIT = "https://www.bbc.co.uk/weather";
  const $ = (id) => document.getElementById(id);
  let link = window.rvrLinkToken || ""; // a spoken code's opening hands the page a token of its own
  const page = {
    strings: {}, language: /^cy\b/i.test(navigator.language || "") ? "cy" : "en",
    claim: null, call: null, stream: null, muted: false, cameraOff: false, left: false,
  };
  // Read by the tests and the benchmark: when join was pressed, when each peer's first frame came.
  const timings = { joinPressedAt: null, firstFrameAt: {} };
  window.rvrCaller = { timings, page, t };

  /* ---------- words ---------- */

  async function useLanguage(language) {
    const response = await fetch(`/static/caller/strings/${language}.json`, { cache: "no-store", credentials: "omit" });
    page.strings = await response.json();
    page.language = language;
    render();
  }

  function t(key, values) {
    let text = page.strings[key] || "";
    Object.entries(values || {}).forEach(([name, value]) => { text = text.split(`{${name}}`).join(String(value)); });
    return text;
  }

  /* Point an element at a string (and its values), so a change of language re-renders it. */
  function say(element, key, values) {
    element.dataset.text = key;
    if (values) element.dataset.values = JSON.stringify(values); else delete element.dataset.values;
    element.textContent = t(key, values);
  }

  function render() {
    document.documentElement.lang = page.language;
    document.title = t("page_title");
    document.querySelectorAll("[data-text]").forEach((element) => {
      element.textContent = t(element.dataset.text, element.dataset.values ? JSON.parse(element.dataset.values) : null);
    });
    document.querySelectorAll("[data-label]").forEach((element) => element.setAttribute("aria-label", t(element.dataset.label)));
    $("language").lang = page.language === "cy" ? "en" : "cy";
  }

  function show(screen) {
    document.querySelectorAll(".screen").forEach((section) => { section.hidden = section.id !== `screen-${screen}`; });
    const heading = document.querySelector(`#screen-${screen} h1`);
    if (heading) heading.focus();
  }

  function status(key) {
    if (key) say($("status"), key); else { delete $("status").dataset.text; $("status").textContent = ""; }
  }

  /* ---------- leaving ---------- */

  function stopMedia() {
    if (page.stream) page.stream.getTracks().forEach((track) => track.stop());
  }

  /* Leave at once for a neutral site, replacing this page in the history. The service locks the link
   * as it hears of it (the socket's bye, or the beacon if the socket is already gone). */
  function quickExit() {
    page.left = true;
    takeDownSigning();
    try { if (page.call) page.call.leave("quick_exit"); } catch (e) { /* leaving matters more */ }
    stopMedia();
    location.replace((page.claim && page.claim.quick_exit_url) || DEFAULT_EXIT);
  }

  /* The ended screen leaves for the neutral site by itself a little before the service stops honouring
   * this tab's key (links.REJOIN_SECONDS), so a phone put down after the call shows nothing of it. */
  const LEAVE_ENDED_AFTER_MS = 110000;

  /* The statement to sign leaves the page whenever the call does (signing.js). */
  function takeDownSigning() {
    if (window.RvrSigning) window.RvrSigning.takeDown();
  }

  function ended(reasonKey, canRejoin) {
    page.left = true;
    takeDownSigning();
    stopMedia();
    status(null);
    say($("ended-reason"), reasonKey);
    $("rejoin").hidden = !canRejoin;
    show("ended");
    clearTimeout(page.leaveTimer);
    page.leaveTimer = setTimeout(() => location.replace((page.claim && page.claim.quick_exit_url) || DEFAULT_EXIT),
      LEAVE_ENDED_AFTER_MS);
  }

  const REFUSALS = ["unknown", "expired", "revoked", "in_use", "ended", "not_admitted", "too_many_attempts",
    "unreachable"];

  function refused(reason) {
    stopMedia();
    takeDownSigning();
    say($("refused-reason"), `refused_${REFUSALS.includes(reason) ? reason : "unreachable"}`);
    show("refused");
  }

  /* ---------- opening the link, or a spoken code ---------- */

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /* Claim the link (or code); while the officer has still to admit this device, wait and ask again. */
  async function claim(what) {
    let answer = what.key || what.waiting ? what : await window.RvrCall.claimLink(what);
    const secret = answer.secret;
    while (answer.waiting) {
      show("waiting");
      await pause(answer.retry_ms || 2000);
      if (page.left) throw new Error("left");
      answer = await window.RvrCall.claimLink({ link, waiting: secret });
    }
    if (answer.link) link = answer.link;
    return answer;
  }

  async function open(what) {
    try {
      page.claim = await claim(what);
    } catch (error) {
      if (error.message !== "left") refused(error.message);
      return;
    }
    if (page.claim.language !== page.language) await useLanguage(page.claim.language);
    if (!(await connect())) return;
    if (page.claim.role === "interpreter") say($("consent-intro"), "consent_intro_interpreter");
    say($("recording"), page.claim.records_calls ? "consent_recorded" : "consent_not_recorded");
    say($("agree"), page.claim.records_calls ? "consent_recorded_agree" : "consent_agree");
    say($("photo-types"), "photo_types", { mb: Math.floor(page.claim.max_upload_bytes / 1048576) });
    show("consent");
  }

  /* The call's socket, with the device key this tab holds: on first opening, and again on Rejoin. */
  async function connect() {
    page.call = new window.RvrCall.CallConnection({
      link, key: page.claim.key, iceServers: page.claim.ice_servers, via: page.claim.via, localStream: new MediaStream(),
      onRemoteStream: showRemote, onPeerState: peerState, onPeerLeft: peerLeft, onJoined: joined,
      onClosed: closed, onMessage: message, onReconnecting: () => {
        takeDownSigning();
        status(page.restarting ? "status_restarting" : "status_reconnecting");
      },
    });
    try {
      await page.call.open(); // connected from now on, so the link stays bound to this tab
      return true;
    } catch (error) {
      refused(error.message);
      return false;
    }
  }

  /* After ending the call, this tab may come back with the key it still holds; a reload could not, since
   * the link is no longer in the address (another opening would wait for the officer). */
  async function rejoin() {
    clearTimeout(page.leaveTimer);
    page.left = false;
    $("rejoin").hidden = true;
    if (await connect()) checkCamera(CAMERA_AND_MICROPHONE);
  }

  function enterCode(event) {
    event.preventDefault();
    const typed = $("code").value;
    say($("code-problem"), "");
    if (typed.replace(/[\s-]/g, "").length !== 8) { say($("code-problem"), "code_incomplete"); $("code").focus(); return; }
    window.RvrCall.claimLink({ code: typed }).then((answer) => {
      $("code").value = "";
      open(answer);
    }, (error) => {
      const known = { unknown: "code_unknown", too_many_attempts: "refused_too_many_attempts", unreachable: "refused_unreachable" };
      say($("code-problem"), known[error.message] || "code_unknown");
      $("code").focus();
    });
  }

  function askForPhoneCall() {
    if (page.call) page.call.send({ type: "phone-instead" });
    status("phone_call_requested");
  }

  /* ---------- camera check ---------- */

  async function checkCamera(constraints) {
    show("camera");
    ["join", "retry-camera", "sound-only"].forEach((id) => { $(id).hidden = true; });
    $("camera-help").hidden = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say($("camera-message"), "camera_insecure");
      return;
    }
    say($("camera-message"), "camera_asking");
    $("preview").hidden = true;
    try {
      stopMedia();
      page.stream = await navigator.mediaDevices.getUserMedia(constraints);
    } catch (error) {
      cameraFailed(error.name);
      return;
    }
    $("preview").srcObject = page.stream;
    $("preview").hidden = page.stream.getVideoTracks().length === 0;
    say($("camera-message"), "camera_ready");
    $("join").hidden = false;
    $("join").focus();
  }

  function cameraFailed(name) {
    if (name === "NotAllowedError" || name === "SecurityError") {
      say($("camera-message"), "camera_refused");
      $("camera-help").hidden = false;
      $("retry-camera").hidden = false;
    } else if (name === "NotFoundError" || name === "OverconstrainedError") {
      say($("camera-message"), "camera_missing");
      $("sound-only").hidden = false;
    } else {
      say($("camera-message"), "camera_busy");
      $("retry-camera").hidden = false;
    }
  }

  const CAMERA_AND_MICROPHONE = { audio: true, video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } } };

  /* ---------- the call ---------- */

  function join() {
    page.joined = true;
    timings.joinPressedAt = Date.now();
    $("preview").srcObject = null;
    page.call.options.localStream = page.stream;
    $("self-view").srcObject = page.stream;
    $("camera").hidden = page.stream.getVideoTracks().length === 0;
    show("call");
    status("status_connecting");
    page.call.join();
  }

  function joined(peers) {
    page.restarting = false; // back after a restart: the call's own state says the rest
    if (!peers.includes("officer")) status("status_waiting");
  }

  function showRemote(role, stream) {
    const video = $(`remote-${role}`);
    if (!video || role === page.claim.role) return;
    video.hidden = false;
    if (video.srcObject !== stream) video.srcObject = stream;
    const noteFrame = () => {
      if (video.videoWidth > 0 && !timings.firstFrameAt[role]) timings.firstFrameAt[role] = Date.now();
    };
    video.onresize = noteFrame;
    video.onloadeddata = noteFrame;
  }

  function peerState(role, state) {
    if (role !== "officer") return;
    if (state === "connected") status("status_connected");
    else if (state === "connecting" || state === "new") status("status_connecting");
  }

  function peerLeft(role) {
    const video = $(`remote-${role}`);
    if (video && role !== "officer") { video.hidden = true; video.srcObject = null; }
    if (role === "officer") status("status_waiting");
  }

  function closed(reason) {
    if (page.left) return;
    /* A tab that never joined (opened on another device, or left at the consent screen) learns only that the
     * link does not work: "the call has ended, delete the text" would tell whoever holds it there was a call. */
    if (!page.joined) { refused(reason === "lost" ? "unreachable" : reason); return; }
    if (reason === "ended") ended("ended_by_officer", false);
    else if (reason === "revoked") ended("ended_revoked", false);
    else if (reason === "lost") ended("ended_lost", true);
    else refused(reason);
  }

  function message(msg) {
    if (window.RvrSigning && window.RvrSigning.handle(msg, page.call)) return;
    if (msg.type === "card") showNameCard(msg.from, msg.card);
    else if (msg.type === "ack" && msg.what === "location") status("location_sent");
    else if (msg.type === "error" && msg.code === "bad_location") status("location_failed");
    else if (msg.type === "error" && msg.code === "service_restarting") {
      // A force's service going for a restart or an upgrade: her page reconnects by itself, so say so.
      page.restarting = true;
      status("status_restarting");
    }
  }

  /* ---------- the officer's name card, while no video of theirs comes ---------- */

  function showNameCard(from, card) {
    if (from !== "officer" || !card) return;
    $("officer-card-name").textContent = card.name || "";
    $("officer-card-role").textContent = card.role || "";
    $("officer-card").hidden = Boolean(card.video);
  }

  function toggleMute() {
    page.muted = !page.muted;
    page.stream.getAudioTracks().forEach((track) => { track.enabled = !page.muted; });
    $("mute").setAttribute("aria-pressed", String(page.muted));
    say($("mute"), page.muted ? "unmute" : "mute");
  }

  function toggleCamera() {
    page.cameraOff = !page.cameraOff;
    page.stream.getVideoTracks().forEach((track) => { track.enabled = !page.cameraOff; });
    $("camera").setAttribute("aria-pressed", String(page.cameraOff));
    say($("camera"), page.cameraOff ? "camera_on" : "camera_off");
  }

  function endCall() {
    page.call.leave("ended");
    ended("ended_by_you", true);
  }

  /* ---------- photos and screenshots ---------- */

  async function sendFile(file) {
    const item = document.createElement("li");
    $("uploads").appendChild(item);
    const mb = Math.floor(page.claim.max_upload_bytes / 1048576);
    const failed = (reasonKey) => {
      item.className = "failed";
      say(item, "photo_failed", { name: file.name, reason: t(reasonKey, { mb }) });
    };
    if (file.size > page.claim.max_upload_bytes) { failed("upload_too_large"); return; }
    say(item, "photo_sending", { name: file.name });
    const bytes = await file.arrayBuffer();
    const digest = await window.RvrCall.sha256Hex(bytes);
    let response;
    try {
      response = await fetch(page.call ? page.call.routed("/api/upload") : "/api/upload", {
        method: "POST", body: bytes, cache: "no-store", credentials: "omit",
        headers: { "Content-Type": "application/octet-stream", "X-Link": link, "X-Device-Key": page.claim.key,
          "X-Content-SHA256": digest },
      });
    } catch (e) {
      failed("upload_other");
      return;
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      const known = ["too_large", "not_an_image", "damaged_in_transit", "too_many_files", "empty", "a_program",
        "too_many_pixels", "incomplete", "extra_data", "unreadable"];
      failed(known.includes(body.error) ? `upload_${body.error}` : "upload_other");
      return;
    }
    // The fingerprint shown is the one the service computed on what it received.
    say(item, body.already_received ? "photo_already_sent" : "photo_sent",
      { name: file.name, digest: body.sha256.match(/.{1,8}/g).join(" ") });
    item.dataset.sha256 = body.sha256;
  }

  /* ---------- location, only after the caller says yes ---------- */

  function sendLocation() {
    $("location-consent").hidden = true;
    if (!navigator.geolocation) { status("location_failed"); return; }
    navigator.geolocation.getCurrentPosition(
      (position) => page.call.send({ type: "location", latitude: position.coords.latitude,
        longitude: position.coords.longitude, accuracy_m: position.coords.accuracy }),
      () => status("location_failed"),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
  }

  /* ---------- wiring ---------- */

  function wire() {
    $("quick-exit").addEventListener("click", quickExit);
    document.addEventListener("keydown", (event) => { if (event.key === "Escape") quickExit(); });
    $("language").addEventListener("click", () => useLanguage(page.language === "cy" ? "en" : "cy"));
    $("agree").addEventListener("click", () => checkCamera(CAMERA_AND_MICROPHONE));
    $("phone-instead").addEventListener("click", askForPhoneCall);
    $("phone-instead-camera").addEventListener("click", askForPhoneCall);
    $("retry-camera").addEventListener("click", () => checkCamera(CAMERA_AND_MICROPHONE));
    $("sound-only").addEventListener("click", () => checkCamera({ audio: true, video: false }));
    $("join").addEventListener("click", join);
    $("mute").addEventListener("click", toggleMute);
    $("camera").addEventListener("click", toggleCamera);
    $("end").addEventListener("click", endCall);
    $("rejoin").addEventListener("click", rejoin);
    $("code-form").addEventListener("submit", enterCode);
    $("photo").addEventListener("change", (event) => {
      Array.from(event.target.files).forEach(sendFile);
      event.target.value = "";
    });
    $("share-location").addEventListener("click", () => { $("location-consent").hidden = false; $("location-send").focus(); });
    $("location-send").addEventListener("click", sendLocation);
    $("location-cancel").addEventListener("click", () => { $("location-consent").hidden = true; });
    // Closing or reloading the tab frees the link at once (rejoin); the beacon survives the unload.
    // Leaving by navigating: nothing of the statement or the camera stays in a page the browser may keep for Back.
    window.addEventListener("pagehide", () => {
      takeDownSigning();
      stopMedia();
      if (page.call && !page.left) page.call.leave("closed");
    });
  }

  function start() {
    if (link) open({ link });
    else { show("code"); $("code").focus(); }
  }

  wire();
  useLanguage(page.language).then(start, () => refused("unreachable"));
})();
