/* The officer's side of the call, loaded by the workstation's video panel (or any Chromium) from
 * the link service's own origin at /officer/#<one-time token>.
 *
 * For the embedding view, window.rvrOfficer offers:
 *   status()            -> plain object: joined, ended, muted, camera_on, connected_at, peers, quality
 *   drainEvents()       -> every event not yet taken, oldest first (for a browser without the workstation's
 *                          channel; with it, the events go to the workstation instead)
 *   takeStill(role)     -> Promise of {role, media_type, width, height, sha256, taken_at, base64};
 *                          the same object also arrives as a "still_taken" event
 *   setMuted(bool), setCameraOn(bool), endCall()
 *   setNameCard({name, role})  -> what the others see instead of video while none goes to them
 *   expectInterpreter() -> show the interpreter's tile (hidden until one is invited or joins)
 *   startRecording(role), stopRecording() -> the remote video and sound in parts ("recording_part"
 *                          events with base64 WebM, then "recording_stopped"); only where the force
 *                          records calls and the caller agreed: the workstation decides
 * Without a camera or microphone the page joins all the same and only receives; status().devices
 * says why in the officer's words, and a "remote_media" event marks the caller's first sound or picture.
 * Each event is also dispatched as a DOM CustomEvent "rvr-officer". The workstation's view puts a
 * QWebChannel object at window.rvrHost (then fires "rvr-host-ready"); the page pushes it
 * rvrHost.onEvents(json of {events, status}) whenever something happens or its status changes, with every
 * event since the last push, so the workstation never polls. A still that cannot be taken is a
 * "still_refused" event with the reason in the officer's words.
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
    // Why this computer's camera or microphone cannot be used ("" when it can), in the officer's words.
    devices: { camera: "", microphone: "" },
  };
  // Who the others see instead of video when no camera picture goes to them; the workstation sets it.
  let card = { name: "", role: "" };
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
    changed();
  }

  /* Events of one moment go to the workstation together; until its channel is up they wait in the queue. */
  let pushing = false;
  function changed() {
    if (pushing) return;
    pushing = true;
    queueMicrotask(() => {
      pushing = false;
      const host = window.rvrHost;
      if (host && typeof host.onEvents === "function") host.onEvents(JSON.stringify({ events: queue.splice(0), status: state }));
    });
  }
  window.addEventListener("rvr-host-ready", changed);

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

  /* The caller counts as connected only once their sound or picture really arrives, not when they join:
   * a remote track is muted until its first media packets come. */
  function watchMedia(role, remote) {
    remote.getTracks().forEach((track) => {
      if (track.rvrWatched) return;
      track.rvrWatched = true;
      const arrived = () => {
        const peer = state.peers[role];
        if (!peer || peer.media) return;
        peer.media = track.kind;
        emit("remote_media", { peer: role, media: track.kind });
      };
      if (!track.muted) arrived(); else track.addEventListener("unmute", arrived, { once: true });
    });
  }

  // The interpreter's tile shows only once one is invited or joins: an empty tile tells the officer nothing.
  function expectInterpreter() { $("interpreter-tile").hidden = false; }

  function attach(role, remote) {
    const video = $(`remote-${role}`);
    if (!video) return;
    if (role === "interpreter") expectInterpreter();
    watchMedia(role, remote);
    if (video.srcObject !== remote) video.srcObject = remote;
    const noteFrame = () => {
      // A picture only counts once it plays: a paused video has a size but shows nothing.
      if (video.videoWidth === 0 || video.paused) return;
      state.peers[role] = Object.assign(state.peers[role] || {}, { width: video.videoWidth, height: video.videoHeight });
      if (!timings.firstFrameAt[role]) {
        timings.firstFrameAt[role] = Date.now();
        emit("remote_video", { peer: role, width: video.videoWidth, height: video.videoHeight });
      }
    };
    video.onresize = noteFrame;
    video.onloadeddata = noteFrame;
    video.onplaying = noteFrame;
    video.play().catch((error) => emit("playback_blocked", { peer: role, name: error.name }));
  }

  function peerState(role, connection) {
    if (!state.peers[role]) return;
    if (role === "interpreter") expectInterpreter();
    state.peers[role].state = connection;
    if ($(`${role}-state`)) $(`${role}-state`).textContent = connection;
    if (connection === "connected" && !state.connected_at) state.connected_at = new Date().toISOString();
    if (connection === "connected") sendCard(role);
    if (connection === "closed" || connection === "failed") delete state.peers[role].media;
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
    changed();
  }

  function setCameraOn(on) {
    state.camera_on = Boolean(on);
    stream.getVideoTracks().forEach((track) => { track.enabled = state.camera_on; });
    $("camera").setAttribute("aria-pressed", String(!state.camera_on));
    $("camera").textContent = state.camera_on ? "Camera off" : "Camera on";
    ROLES.forEach(sendCard);
    changed();
  }

  /* ---------- without a camera or microphone ---------- */

  const CAMERA_PROBLEMS = {
    NotFoundError: "No camera found", OverconstrainedError: "No camera found", NotAllowedError: "The camera was refused",
    SecurityError: "The camera was refused", NotReadableError: "The camera is busy in another program",
    AbortError: "The camera is busy in another program",
  };
  const MICROPHONE_PROBLEMS = {
    NotFoundError: "No microphone found", OverconstrainedError: "No microphone found",
    NotAllowedError: "The microphone was refused", SecurityError: "The microphone was refused",
    NotReadableError: "The microphone is busy in another program", AbortError: "The microphone is busy in another program",
  };

  function sendsVideo() {
    return state.camera_on && stream.getVideoTracks().length > 0;
  }

  /* The name card goes to whoever cannot see this officer, so they know who they are talking to. */
  function sendCard(role) {
    if (!call || !state.peers[role] || state.peers[role].state !== "connected") return;
    call.sendCard(role, { name: card.name, role: card.role, video: sendsVideo() });
  }

  function setNameCard(named) {
    card = { name: String((named && named.name) || ""), role: String((named && named.role) || "") };
    ROLES.forEach(sendCard);
  }

  /* Ask for both devices, then each alone, so one missing or busy does not cost the other. */
  async function openDevices() {
    const video = { width: { ideal: 1280 }, height: { ideal: 720 } };
    const tried = {};
    for (const [kinds, ask] of [[["camera", "microphone"], { audio: true, video }],
      [["microphone"], { audio: true }], [["camera"], { video }]]) {
      if (kinds.some((kind) => tried[kind] === "ok")) continue;
      try {
        const got = await navigator.mediaDevices.getUserMedia(ask);
        kinds.forEach((kind) => { tried[kind] = "ok"; });
        got.getTracks().forEach((track) => stream.addTrack(track));
      } catch (error) {
        kinds.forEach((kind) => { if (!tried[kind] || kinds.length === 1) tried[kind] = error.name || "Error"; });
      }
    }
    state.devices.camera = tried.camera === "ok" ? "" : (CAMERA_PROBLEMS[tried.camera] || "The camera could not be used");
    state.devices.microphone = tried.microphone === "ok" ? ""
      : (MICROPHONE_PROBLEMS[tried.microphone] || "The microphone could not be used");
    const notes = [];
    if (state.devices.camera) notes.push(`${state.devices.camera} — the caller sees your name card`);
    if (state.devices.microphone) notes.push(`${state.devices.microphone} — the caller cannot hear you`);
    $("self-note").textContent = notes.join("\n");
    $("self-note").hidden = notes.length === 0;
    if (stream.getTracks().length) $("self-view").srcObject = stream;
    if (notes.length) emit("devices_missing", { camera: state.devices.camera, microphone: state.devices.microphone });
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
      const reason = `There is no picture from the ${who} yet, so no still was taken. Try again once their video shows.`;
      emit("still_refused", { role: who, message: reason });
      throw new Error(reason);
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
      // Plain words on the page; the figures go to the workstation, which shows them only on request.
      parts.push(`the ${role}'s is ${f.rating}`);
    });
    $("quality").textContent = parts.length ? `Connection: ${parts.join("; ")}` : "";
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
    // Without a camera or microphone the officer still joins, receiving only, and sees and hears the caller.
    await openDevices();
    call = new window.RvrCall.CallConnection({
      link, key: claim.key, iceServers: claim.ice_servers, via: claim.via, localStream: stream,
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
    takeStill, setMuted, setCameraOn, setNameCard, expectInterpreter, endCall, startRecording, stopRecording,
    timings,
    /* The connection with `role`, for reading its statistics (the call's route, its candidates). */
    peerConnection: (role) => (call && call.peers.get(role) ? call.peers.get(role).pc : null),
  };
  start();
})();
