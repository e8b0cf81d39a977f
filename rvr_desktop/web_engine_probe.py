"""The doctor's video check, run as `python -m rvr_desktop.web_engine_probe` in a child process.

It does what the video step does, and no less: sets the workstation's own
Chromium flags, makes a QtWebEngine page, loads a page served on loopback
(a secure origin, as the link service's is) and asks that page for the
camera and the microphone, each on its own, so one missing does not hide
the other. It prints one JSON line: {"engine": "ok", "camera": ...,
"microphone": ...}, where each device is "found" or the DOMException's name
(NotFoundError: none; NotReadableError: busy; NotAllowedError: refused).

A child process because QtWebEngine aborts the process that cannot start it,
and the doctor must live to say so.
"""

from __future__ import annotations

import http.server
import json
import sys
import threading

PROBE_SECONDS = 40

_PAGE = b"""<!doctype html><meta charset="utf-8"><title>probe</title><script>
async function ask(kind) {
  if (!navigator.mediaDevices) return "NotSecure";
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ [kind]: true });
    stream.getTracks().forEach((track) => track.stop());
    return "found";
  } catch (error) {
    return error.name || "Error";
  }
}
(async () => {
  const camera = await ask("video");
  const microphone = await ask("audio");
  window.probeResult = JSON.stringify({ engine: "ok", camera, microphone });
})();
</script>"""


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(_PAGE)))
        self.end_headers()
        self.wfile.write(_PAGE)

    def log_message(self, *args) -> None:
        pass


def main() -> int:
    from rvr_desktop.chromium_flags import prepare_web_engine

    prepare_web_engine(fake_camera=False)
    from rvr_desktop.qt import QtCore, QtWidgets, webengine_modules

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QtWidgets.QApplication(sys.argv[:1])
    core, _widgets = webengine_modules()
    profile = core.QWebEngineProfile()  # off the record: nothing kept on disk
    page = core.QWebEnginePage(profile)
    # The video view grants camera and microphone to its own origin; so does this probe, to its own.
    page.permissionRequested.connect(lambda permission: permission.grant())
    found: dict = {}

    def poll() -> None:
        page.runJavaScript("window.probeResult || ''", 0, lambda value: value and (found.update(json.loads(value)),
                                                                                    app.quit()))

    timer = QtCore.QTimer(interval=200)
    timer.timeout.connect(poll)
    timer.start()
    QtCore.QTimer.singleShot(PROBE_SECONDS * 1000, app.quit)
    page.load(QtCore.QUrl(origin + "/"))
    app.exec()
    timer.stop()
    print(json.dumps(found or {"engine": "silent"}), flush=True)
    # Page before profile, as QtWebEngine requires (dropping the last reference deletes each at once).
    page = None
    profile = None
    server.shutdown()
    return 0 if found else 1


if __name__ == "__main__":
    raise SystemExit(main())
