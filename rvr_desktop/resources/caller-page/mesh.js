/* The call itself, shared by the caller's, the interpreter's and the officer's pages.
 *
 * Every participant has one RTCPeerConnection to every other (at most three
 * people, so a mesh costs little and needs no media server). Whoever joins
 * last offers to everyone already there, so two offers never cross.
 * Signalling goes through the link service's WebSocket, which only ever
 * relays within this one call. Nothing is stored in the browser: the link
 * and the device key live in this object and die with the tab.
 */
"use strict";

/* Her words are the evidence: on a link too slow for both, the audio goes first (its packets marked and sent
 * ahead of the video's) and the picture gives way. Where a browser cannot set this before the call is
 * negotiated, the call goes on as it would have. */
function favourSpeech(sender) {
  try {
    const parameters = sender.getParameters();
    if (!parameters.encodings || !parameters.encodings.length) return;
    parameters.encodings.forEach((encoding) => { encoding.priority = "high"; encoding.networkPriority = "high"; });
    sender.setParameters(parameters).catch(() => {});
  } catch (error) {
    // Not supported here: nothing lost but the preference.
  }
}

(function () {
  const RECONNECT_FOR_MS = 25000; // then the caller is told; Rejoin tries again with the same key
  const QUIET_CLOSE_CODES = new Set([4001, 4002, 4003]); // revoked, ended, replaced: do not reconnect

  class CallConnection {
    /* options: link, key, localStream, iceServers, via (the claim's: the instance hosting the call), and callbacks
     *   onRemoteStream(role, stream), onPeerState(role, state), onPeerLeft(role, reason),
     *   onJoined(peers), onMessage(message), onClosed(reason), onReconnecting()
     * A name card another participant sends (sendCard) arrives as onMessage({type: "card", from, card}). */
    constructor(options) {
      this.options = options;
      this.peers = new Map(); // role -> {pc, stream, offerer, pending: [candidates]}
      this.inCall = false;
      this.closing = false;
      this.socket = null;
      this.welcome = null;
      this.joined = null;  // the service's answer to joining: the relay's credential rides on it
      // Where a force runs several instances, the one hosting this call, named in each request so the
      // balancer sends it straight there; a stale name costs only a hop (the instance reached passes it on).
      this.via = options.via || "";
    }

    routed(path) {
      return this.via ? `${path}?via=${encodeURIComponent(this.via)}` : path;
    }

    socketUrl() {
      return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + this.routed("/ws");
    }

    /* Open the signalling socket and identify this tab; resolves on the service's welcome. */
    open() {
      return new Promise((resolve, reject) => {
        const socket = new WebSocket(this.socketUrl());
        this.socket = socket;
        let welcomed = false;
        socket.onopen = () => socket.send(JSON.stringify({ type: "hello", link: this.options.link, key: this.options.key }));
        socket.onmessage = (event) => {
          let message;
          try { message = JSON.parse(event.data); } catch (e) { return; }
          if (!welcomed) {
            if (message.type === "welcome") {
              welcomed = true;
              this.welcome = message;
              this.via = message.via || ""; // the host now: the call may have moved since the claim
              resolve(message);
            } else if (message.type === "refused") {
              reject(new Error(message.reason));
            }
            return;
          }
          this.handle(message);
        };
        socket.onclose = (event) => {
          if (!welcomed) { reject(new Error("unreachable")); return; }
          if (this.socket === socket) this.socketClosed(event.code);
        };
      });
    }

    send(message) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify(message));
        return true;
      }
      return false;
    }

    join() {
      this.inCall = true;
      this.send({ type: "join" });
    }

    handle(message) {
      const o = this.options;
      switch (message.type) {
        case "joined":
          this.joined = message;
          this.closeAllPeers();
          message.peers.forEach((role) => this.offerTo(role));
          if (o.onJoined) o.onJoined(message.peers);
          break;
        case "peer-joined":
          // Whatever we had with that role is stale; it will offer afresh.
          this.closePeer(message.role);
          break;
        case "peer-left":
          this.closePeer(message.role);
          if (o.onPeerLeft) o.onPeerLeft(message.role, message.reason);
          break;
        case "signal":
          this.onSignal(message.from, message.data).catch((e) => console.warn("signal from", message.from, e));
          break;
        case "ended":
        case "revoked":
          this.closing = true;
          this.closeAllPeers();
          if (o.onClosed) o.onClosed(message.type);
          break;
        default:
          if (o.onMessage) o.onMessage(message);
      }
    }

    peer(role, offerer) {
      let entry = this.peers.get(role);
      if (entry) return entry;
      /* The servers given on joining carry the relay's credential, minted at that join (fresh after a
       * reconnect); "relay" keeps each side's own address from the other, as a force may require. */
      const given = this.joined || this.welcome || {};
      const pc = new RTCPeerConnection({
        iceServers: given.ice_servers || this.options.iceServers || [],
        iceTransportPolicy: given.ice_transport_policy || this.options.iceTransportPolicy || "all",
      });
      entry = { pc, stream: new MediaStream(), offerer, pending: [] };
      this.peers.set(role, entry);
      this.options.localStream.getTracks().forEach((track) => {
        const sender = pc.addTrack(track, this.options.localStream);
        if (track.kind === "audio") favourSpeech(sender);
      });
      pc.onicecandidate = (event) => {
        if (event.candidate) this.send({ type: "signal", to: role, data: { candidate: event.candidate.toJSON() } });
      };
      pc.ontrack = (event) => {
        entry.stream.addTrack(event.track);
        if (this.options.onRemoteStream) this.options.onRemoteStream(role, entry.stream);
      };
      pc.onconnectionstatechange = () => {
        if (this.peers.get(role) !== entry) return;
        if (this.options.onPeerState) this.options.onPeerState(role, pc.connectionState);
        if (pc.connectionState === "failed" && entry.offerer) this.offerTo(role, true);
      };
      return entry;
    }

    async offerTo(role, iceRestart) {
      const entry = this.peer(role, true);
      receiveEveryKind(entry.pc);
      const offer = await entry.pc.createOffer(iceRestart ? { iceRestart: true } : {});
      await entry.pc.setLocalDescription(offer);
      this.send({ type: "signal", to: role, data: { description: entry.pc.localDescription.toJSON() } });
    }

    /* Tell one participant who is on this side while no video of ours goes to them (camera missing,
     * refused, busy or off): card is {name, role, video}, shown there instead of a picture. */
    sendCard(role, card) {
      return this.send({ type: "signal", to: role, data: { card } });
    }

    async onSignal(role, data) {
      if (data.card) {
        if (this.options.onMessage) this.options.onMessage({ type: "card", from: role, card: data.card });
        return;
      }
      if (data.description) {
        const entry = this.peer(role, data.description.type !== "offer");
        await entry.pc.setRemoteDescription(data.description);
        for (const candidate of entry.pending.splice(0)) await entry.pc.addIceCandidate(candidate);
        if (data.description.type === "offer") {
          await entry.pc.setLocalDescription(await entry.pc.createAnswer());
          this.send({ type: "signal", to: role, data: { description: entry.pc.localDescription.toJSON() } });
        }
      } else if (data.candidate) {
        const entry = this.peers.get(role);
        if (!entry) return;
        if (entry.pc.remoteDescription) await entry.pc.addIceCandidate(data.candidate);
        else entry.pending.push(data.candidate);
      }
    }

    closePeer(role) {
      const entry = this.peers.get(role);
      if (!entry) return;
      this.peers.delete(role);
      entry.pc.close();
      if (this.options.onPeerState) this.options.onPeerState(role, "closed");
    }

    closeAllPeers() {
      Array.from(this.peers.keys()).forEach((role) => this.closePeer(role));
    }

    /* The network dropped: try again with the same key for a while, then give up. */
    socketClosed(code) {
      if (this.closing || QUIET_CLOSE_CODES.has(code)) {
        this.closeAllPeers();
        if (!this.closing && this.options.onClosed) this.options.onClosed(code === 4001 ? "revoked" : "ended");
        this.closing = true;
        return;
      }
      if (this.options.onReconnecting) this.options.onReconnecting();
      const giveUpAt = Date.now() + RECONNECT_FOR_MS;
      const attempt = (delay) => setTimeout(() => {
        this.open().then(() => { if (this.inCall) this.join(); }).catch((error) => {
          if (error.message !== "unreachable" || Date.now() > giveUpAt) {
            this.closing = true;
            this.closeAllPeers();
            if (this.options.onClosed) this.options.onClosed(error.message === "unreachable" ? "lost" : error.message);
          } else {
            attempt(Math.min(delay * 2, 4000));
          }
        });
      }, delay);
      attempt(500);
    }

    /* Leave for good: tell the service why, and tell it again by beacon in case the page is unloading. */
    leave(reason) {
      if (this.closing) return;
      this.closing = true;
      this.send({ type: "bye", reason });
      const body = new Blob([JSON.stringify({ link: this.options.link, key: this.options.key, reason })],
        { type: "application/json" });
      if (navigator.sendBeacon) navigator.sendBeacon("/api/leave", body);
      this.closeAllPeers();
      if (this.socket) this.socket.close(1000);
    }

    /* Connection quality with each peer, from getStats: round trip, loss, frame rate, size, bitrate. */
    async quality() {
      const result = {};
      for (const [role, entry] of this.peers) {
        const stats = await entry.pc.getStats();
        const figures = { rtt_ms: null, loss_pct: null, fps: null, width: null, height: null, bitrate_kbps: null,
          route: null };
        let lost = 0, received = 0, bytes = 0;
        /* Which way the media goes: "relay" when either end of the selected pair is the force's relay, for
         * whoever must explain a poor or failed call (and to show relay-only holds). */
        const byId = new Map();
        stats.forEach((report) => byId.set(report.id, report));
        stats.forEach((report) => {
          const pair = report.type === "transport" && byId.get(report.selectedCandidatePairId);
          if (!pair) return;
          const ends = [byId.get(pair.localCandidateId), byId.get(pair.remoteCandidateId)];
          figures.route = ends.some((end) => end && end.candidateType === "relay") ? "relay" : "direct";
        });
        stats.forEach((report) => {
          if (report.type === "candidate-pair" && report.nominated && report.currentRoundTripTime !== undefined) {
            figures.rtt_ms = Math.round(report.currentRoundTripTime * 1000);
          } else if (report.type === "inbound-rtp") {
            lost += report.packetsLost || 0;
            received += report.packetsReceived || 0;
            bytes += report.bytesReceived || 0;
            if (report.kind === "video") {
              figures.fps = report.framesPerSecond || 0;
              figures.width = report.frameWidth || 0;
              figures.height = report.frameHeight || 0;
            }
          }
        });
        const now = performance.now();
        if (entry.lastBytes !== undefined && now > entry.lastAt) {
          figures.bitrate_kbps = Math.round(((bytes - entry.lastBytes) * 8) / (now - entry.lastAt));
        }
        entry.lastBytes = bytes;
        entry.lastAt = now;
        if (lost + received > 0) figures.loss_pct = Math.round((1000 * lost) / (lost + received)) / 10;
        figures.rating = rate(figures);
        result[role] = figures;
      }
      return result;
    }
  }

  /* Whoever offers asks for sound and video from the other side even when it sends neither (no camera
   * or microphone here): without a transceiver of each kind the offer would carry no media at all, and
   * the other side's picture and voice would never arrive. */
  function receiveEveryKind(pc) {
    ["audio", "video"].forEach((kind) => {
      if (!pc.getTransceivers().some((transceiver) => transceiver.receiver.track.kind === kind)) {
        pc.addTransceiver(kind, { direction: "recvonly" });
      }
    });
  }

  function rate(figures) {
    const rtt = figures.rtt_ms === null ? 0 : figures.rtt_ms;
    const loss = figures.loss_pct === null ? 0 : figures.loss_pct;
    if (rtt < 300 && loss < 2) return "good";
    if (rtt < 800 && loss < 8) return "fair";
    return "poor";
  }

  /* Open a link from this tab. `what` is {link}, {code} (typed), or {link, waiting} (a tab waiting for the
   * officer asking again). Resolves to the service's answer: the device key, role, language… or, while the
   * officer has still to admit this device, {waiting: true, secret, retry_ms}. Rejects with an Error whose
   * message is the refusal code (expired, in_use, …). */
  async function claimLink(what) {
    const ask = typeof what === "string" ? { link: what } : what;
    let response;
    try {
      response = await fetch("/api/claim", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(ask), cache: "no-store", credentials: "omit",
      });
    } catch (e) {
      throw new Error("unreachable");
    }
    let body = {};
    try { body = await response.json(); } catch (e) { /* an empty or broken answer is handled below */ }
    if (!response.ok) {
      const error = new Error(body.error || "unreachable");
      error.retryAfter = body.retry_after;
      throw error;
    }
    return body;
  }

  async function sha256Hex(buffer) {
    const digest = await crypto.subtle.digest("SHA-256", buffer);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  window.RvrCall = { CallConnection, claimLink, sha256Hex };
})();
