/* The officer's side of the call, loaded by the workstation's video panel (or any Chromium) from
 * the link service's own origin at /officer/#<one-time token>.
 *
 * For the embedding view, window.rvrOfficer offers:
 *   status()            -> plain object: joined, ended, muted, camera_on, connected_at, peers, quality
 *   drainEvents()       -> every event since the last call (poll it with runJavaScript), oldest first
 *   takeStill(role)     -> Promise of {role, media_type, width, height, sha256, taken_at, base64};
 *                          the same object also arrives as a "still_taken" event
 *   setMuted(bool), setCameraOn(bool), endCall()
 *   startRecording(role), stopRecording() -> the remote video and sound in parts ("recording_part"
 *                          events with base64 WebM, then "recording_stopped"); only where the force
 *                          records calls and the caller agreed: the workstation decides
 * Each event is also dispatched as a DOM CustomEvent "rvr-officer" and, when the view has put a
 * QWebChannel object at window.rvrHost, passed to rvrHost.onEvent(json).
 * Add ?controls=0 to the address to hide the page's own buttons when the view draws its own.
 */
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const ROLES = ["caller", "interpreter"];
  const link = location.hash.slice(1);
  // The one-time token leaves the address bar and the history at once.
  history.replaceState(null, "", location.pathname + location.search);
  if (new URLSearchParams(location.search).get("controls") === "0") document.body.classList.add("embedded");

  const state = {
    joined: false, ended: false, muted: false, camera_on: true, connected_at: null,
    peers: { caller: { state: "absent" }, interpreter: { state: "absent" } }, quality: {},
  };
  const timings = { firstFrameAt: {} };
  const queue = [];
  let seq = 0;
  let call = null;
  let stream = new MediaStream();

  function emit(kind, detail) {
    const event = Object.assign({ seq: ++seq, kind, at: new Date().toISOString() }, detail || {});
    queue.push(event);
    if (queue.length > 1000) queue.shift();
    window.dispatchEvent(new CustomEvent("rvr-officer", { detail: event }));
    if (window.rvrHost && typeof window.rvrHost.onEvent === "function") window.rvrHost.onEvent(JSON.stringify(event));
  }

  function say(text) { $("status").textContent = text; }

  function fail(code, text) {
    state.ended = true;
    say(text);
    emit("failed", { code, message: text });
  }

  const REFUSALS = {
    unknown: "This video panel's address is not valid (it may have been used already). Nothing was shared. Close the panel and open it again.",
    revoked: "This video panel was opened again somewhere else, so this one was closed. Nothing was lost.",
    expired: "This video panel's address has expired. Nothing was shared. Close the panel and open it again.",
    ended: "This video session has ended. Start a new session for a new call.",
    in_use: "This video panel is already open elsewhere. Close the other one, then open it again here.",
    too_many_attempts: "Too many wrong addresses were tried from this computer. Wait a minute, then open the panel again.",
    unreachable: "The video link service cannot be reached. The case is safe. Try again, or continue by phone and record it.",
  };

  /* ---------- media ---------- */

  function attach(role, remote) {
    const video = $(`remote-${role}`);
    if (!video) return;
    if (video.srcObject !== remote) video.srcObject = remote;
    const noteFrame = () => {
      if (video.videoWidth === 0) return;
      state.peers[role] = Object.assign(state.peers[role] || {}, { width: video.videoWidth, height: video.videoHeight });
      if (!timings.firstFrameAt[role]) {
        timings.firstFrameAt[role] = Date.now();
        emit("remote_video", { peer: role, width: video.videoWidth, height: video.videoHeight });
      }
    };
    video.onresize = noteFrame;
    video.onloadeddata = noteFrame;
  }

  function peerState(role, connection) {
    if (!state.peers[role]) return;
    state.peers[role].state = connection;
    if ($(`${role}-state`)) $(`${role}-state`).textContent = connection;
    if (connection === "connected" && !state.connected_at) state.connected_at = new Date().toISOString();
    emit("peer_state", { peer: role, state: connection });
    summarise();
  }

  function peerLeft(role, reason) {
    const video = $(`remote-${role}`);
    if (video) video.srcObject = null;
    if (state.peers[role]) state.peers[role] = { state: "left" };
    if (timings.firstFrameAt[role]) delete timings.firstFrameAt[role];
    if ($(`${role}-state`)) $(`${role}-state`).textContent = `left (${reason})`;
    emit("peer_left", { peer: role, reason });
    summarise();
  }

  function summarise() {
    const inCall = ROLES.filter((role) => state.peers[role].state === "connected");
    say(inCall.length ? `In call with: ${inCall.join(", ")}` : "Waiting for the caller to join…");
  }

  /* ---------- controls ---------- */

  function setMuted(muted) {
    state.muted = Boolean(muted);
    stream.getAudioTracks().forEach((track) => { track.enabled = !state.muted; });
    $("mute").setAttribute("aria-pressed", String(state.muted));
    $("mute").textContent = state.muted ? "Unmute" : "Mute";
  }

  function setCameraOn(on) {
    state.camera_on = Boolean(on);
    stream.getVideoTracks().forEach((track) => { track.enabled = state.camera_on; });
    $("camera").setAttribute("aria-pressed", String(!state.camera_on));
    $("camera").textContent = state.camera_on ? "Camera off" : "Camera on";
  }

  /* ---------- recording ---------- */
  let recorder = null;
  let recorded = Promise.resolve(); // parts are read in order, the stop comes after the last

  function startRecording(role) {
    const video = $(`remote-${role || "caller"}`);
    if (recorder) return;
    if (!video || !video.srcObject) throw new Error("There is no call to record yet.");
    let parts = 0;
    recorder = new MediaRecorder(video.srcObject, { mimeType: "video/webm" });
    recorder.ondataavailable = (event) => {
      if (!event.data.size) return;
      const part = ++parts;
      recorded = recorded.then(async () => emit("recording_part", { part, base64: toBase64(await event.data.arrayBuffer()) }));
    };
    recorder.onstop = () => { recorded = recorded.then(() => emit("recording_stopped", { parts })); recorder = null; };
    recorder.start(1000);
    state.recording = true;
    emit("recording_started", { role: role || "caller" });
  }

  function stopRecording() {
    if (recorder) recorder.stop();
    state.recording = false;
  }

  function endCall() {
    stopRecording();
    if (!call || state.ended) return;
    call.send({ type: "end" });
    finish("ended");
  }

  function finish(reason) {
    state.ended = true;
    stream.getTracks().forEach((track) => track.stop());
    say(reason === "revoked" ? REFUSALS.revoked : "The call has ended.");
    emit("ended", { reason });
  }

  function toBase64(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  /* The current frame of a participant's video, lossless, with its SHA-256, as an exhibit. */
  async function takeStill(role) {
    const who = role || "caller";
    const video = $(`remote-${who}`);
    if (!video || video.videoWidth === 0) {
      throw new Error(`There is no picture from the ${who} yet, so no still was taken. Try again once their video shows.`);
    }
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext("2d").drawImage(video, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    const bytes = await blob.arrayBuffer();
    const still = {
      role: who, media_type: "image/png", width: canvas.width, height: canvas.height,
      sha256: await window.RvrCall.sha256Hex(bytes), taken_at: new Date().toISOString(), base64: toBase64(bytes),
    };
    emit("still_taken", still);
    return still;
  }

  async function reportQuality() {
    if (!call || state.ended) return;
    const figures = await call.quality();
    state.quality = figures;
    const parts = [];
    Object.entries(figures).forEach(([role, f]) => {
      call.send(Object.assign({ type: "quality", peer: role }, f));
      parts.push(`${role}: ${f.rating}${f.rtt_ms !== null ? `, ${f.rtt_ms} ms` : ""}${f.loss_pct !== null ? `, ${f.loss_pct}% lost` : ""}`);
    });
    $("quality").textContent = parts.length ? `Connection — ${parts.join("; ")}` : "";
    emit("quality", { figures });
  }

  /* ---------- start ---------- */

  async function start() {
    if (!link) {
      fail("no_link", "This page must be opened from the workstation; its one-time address was missing. Close the video panel and open it again.");
      return;
    }
    let claim;
    try {
      claim = await window.RvrCall.claimLink(link);
    } catch (error) {
      fail(error.message, REFUSALS[error.message] || REFUSALS.unreachable);
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
      $("self-view").srcObject = stream;
    } catch (error) {
      // Without a camera the officer still sees and hears the caller; say so rather than stop.
      emit("camera_failed", { name: error.name, message: "This computer's camera or microphone could not be used, so the caller cannot see or hear you. Check the devices, or continue by phone." });
    }
    call = new window.RvrCall.CallConnection({
      link, key: claim.key, iceServers: claim.ice_servers, localStream: stream,
      onRemoteStream: attach, onPeerState: peerState, onPeerLeft: peerLeft,
      onClosed: (reason) => finish(reason), onReconnecting: () => say("Connection to the link service lost. Reconnecting…"),
      onJoined: () => { state.joined = true; summarise(); emit("joined", {}); },
    });
    try {
      await call.open();
    } catch (error) {
      fail(error.message, REFUSALS[error.message] || REFUSALS.unreachable);
      return;
    }
    call.join();
    setInterval(reportQuality, 5000);
  }

  $("mute").addEventListener("click", () => setMuted(!state.muted));
  $("camera").addEventListener("click", () => setCameraOn(!state.camera_on));
  $("end").addEventListener("click", endCall);
  $("still").addEventListener("click", () => takeStill("caller").then(
    (still) => say(`Still taken (${still.width}×${still.height}), SHA-256 ${still.sha256}`),
    (error) => say(error.message)));
  window.addEventListener("pagehide", () => { if (call && !state.ended) call.leave("closed"); });
  // A new one-time address put over this page changes only the fragment: start afresh with it.
  window.addEventListener("hashchange", () => { if (location.hash.length > 1) location.reload(); });

  window.rvrOfficer = {
    status: () => JSON.parse(JSON.stringify(state)),
    drainEvents: () => queue.splice(0),
    takeStill, setMuted, setCameraOn, endCall, startRecording, stopRecording, timings,
  };
  start();
})();
