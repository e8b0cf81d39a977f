/* The simulated caller's microphone, put into the simulated phone's browser before the caller's page loads.
 *
 * The caller's page is the real one, unchanged: it asks for the camera and microphone as on any phone. Here
 * the microphone it gets is a Web Audio stream that carries the script's lines, spoken by the workstation,
 * instead of the test tone of Chromium's fake device. Lines queue, so two said at once follow each other. */
"use strict";

(() => {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  let context = null;
  let destination = null;
  let nextFree = 0;

  function microphone() {
    if (context === null) {
      context = new AudioContext();
      destination = context.createMediaStreamDestination();
    }
    return destination.stream.getAudioTracks()[0];
  }

  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    if (constraints && constraints.audio) {
      stream.getAudioTracks().forEach((track) => { stream.removeTrack(track); track.stop(); });
      stream.addTrack(microphone().clone());
    }
    return stream;
  };

  /* Say one line (a WAV file, base64): resolves with how many seconds from now it will have been said. */
  window.simulatedCallerSays = async (base64) => {
    microphone();
    await context.resume();
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const sound = await context.decodeAudioData(bytes.buffer);
    const source = context.createBufferSource();
    source.buffer = sound;
    source.connect(destination);
    const startAt = Math.max(context.currentTime, nextFree);
    source.start(startAt);
    nextFree = startAt + sound.duration + 0.4; // a breath between lines
    return nextFree - context.currentTime;
  };
})();
