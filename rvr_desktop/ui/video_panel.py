"""The officer's side of the video call, embedded in the case.

A QWebEngineView shows the link service's officer page. It is made only when
the case's link is first made (`ui/call_pane.py`), so starting the workstation never loads
QtWebEngine. Camera and microphone are granted to the link service's own
origin and nothing else; every other permission is refused.

The page pushes what happens in it (the caller's picture arrived, a still
taken, a part of the recording) and its status to the panel over a
QWebChannel, as `window.rvrHost.onEvents(json)`: nothing is polled. The
channel's script is put into the page by the panel (a `QWebEngineScript`),
because the page's Content-Security-Policy lets it load scripts only from the
link service itself.
"""

from __future__ import annotations

import json
import logging

from rvr_desktop.casework.exhibits import CallRecording
from rvr_desktop.chromium_flags import prepare_web_engine
from rvr_desktop.qt import QtCore, QtWidgets, Qt, Signal, Slot, webchannel_module, webengine_modules
from rvr_desktop.ui.video_call import VideoCall

log = logging.getLogger(__name__)

# Run in the page once its document is ready: the channel's own script, then window.rvrHost, announced to
# the page, which holds its events until then.
_CONNECT_HOST = """
new QWebChannel(qt.webChannelTransport, (channel) => {
  window.rvrHost = channel.objects.rvrHost;
  window.dispatchEvent(new Event("rvr-host-ready"));
});
"""


class _PageHost(QtCore.QObject):
    """What the officer's page sees as `window.rvrHost`. A QObject of its own, so that the page can reach this
    one slot and nothing else of the panel."""

    news = Signal(str)  # {"events": [...], "status": {...}} as JSON, on the GUI thread

    @Slot(str)
    def onEvents(self, news: str) -> None:  # camelCase: the name the page calls
        self.news.emit(news)


class VideoPanel(QtWidgets.QWidget):
    """The embedded call: remote video large, self-view small, and the officer's controls."""

    peer_joined = Signal(str)  # someone joined the call, in plain words
    peer_left = Signal(str)  # someone left the call, in plain words

    def __init__(self, call: VideoCall, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        # Usually done at start-up already; a view made without the composition root needs it too.
        prepare_web_engine(call.session.settings.fake_camera)
        core, widgets = webengine_modules()
        self.call = call
        self._origin = QtCore.QUrl(call.service.base_url)
        # Off the record: nothing of the call is kept on disk. The profile
        # belongs to the call, which outlives this panel: Qt wants a page
        # gone before its profile.
        self.profile = core.QWebEngineProfile(call)
        self.page = core.QWebEnginePage(self.profile, self)
        # Chromium lets a page play sound unasked only while it captures a camera or microphone; without
        # either (none plugged in, or busy) the caller's picture and voice would stay paused. Opening the
        # call (by sending the link) is the officer's own choice to hear the caller.
        self.page.settings().setAttribute(core.QWebEngineSettings.WebAttribute.PlaybackRequiresUserGesture, False)
        self.page.permissionRequested.connect(self._permission)
        self.page.certificateError.connect(self._certificate_error)
        self._connect_host(core)
        self.view = widgets.QWebEngineView()
        self.view.setPage(self.page)
        self.view.setAccessibleName("Video call")
        self.view.setMinimumHeight(360)
        # The page has no controls of its own here (controls=0): the keyboard
        # stays with the workstation, whose shortcuts Chromium would swallow.
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.loadFinished.connect(self._keep_keyboard)
        self.view.loadFinished.connect(self._introduce)

        # Short words on the buttons (the pane sits beside the steps, so it is narrow); the whole of each in
        # its tooltip and for a screen reader.
        self.still = QtWidgets.QPushButton("Still")
        self.interpreter = QtWidgets.QPushButton("Interpreter")
        self.mute = QtWidgets.QPushButton("Mute")
        self.mute.setCheckable(True)
        self.camera = QtWidgets.QPushButton("Camera off")
        self.camera.setCheckable(True)
        self.end = QtWidgets.QPushButton("End call")
        row = QtWidgets.QGridLayout()
        for index, (button, whole) in enumerate(((self.still, "Take a still of the caller"),
                                                 (self.interpreter, "Invite an interpreter"),
                                                 (self.mute, "Mute"), (self.camera, "Camera off"),
                                                 (self.end, "End the call"))):
            button.setAccessibleName(whole)
            button.setToolTip(whole)
            row.addWidget(button, index // 3, index % 3)
        self.status = QtWidgets.QLabel("Connecting to the call…")
        self.status.setAccessibleName("Call status")
        self.status.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)

        # A still that cannot be taken (no picture yet) comes back as a still_refused event, with its reason.
        self.still.clicked.connect(lambda: self._run("window.rvrOfficer.takeStill('caller').catch(() => {})"))
        self.interpreter.clicked.connect(call.invite_interpreter)
        self.mute.toggled.connect(lambda on: self._run(f"window.rvrOfficer.setMuted({json.dumps(on)})"))
        self.camera.toggled.connect(lambda off: self._run(f"window.rvrOfficer.setCameraOn({json.dumps(not off)})"))
        self.end.clicked.connect(self._end)
        call.closing.connect(self.close_call)
        self.stills_taken = 0
        self.page_status: dict = {}
        # Where the force records calls (the caller was told, and consented at
        # the safety check), the caller's side is recorded once connected.
        self.records = call.session.policy.video_call.records_video_calls
        self.recording = CallRecording()
        self.recording_started = False
        self._present: set[str] = set()  # who the page last said is connected
        self._interpreter_shown = False
        call.changed.connect(self._show_interpreter_when_invited)
        call.officer_page(self._load)

    def _load(self, url: str) -> None:
        # The page keeps its own buttons hidden: these are the officer's controls.
        separator = "&" if "?" in url.split("#")[0] else "?"
        base, _, fragment = url.partition("#")
        self.view.setUrl(QtCore.QUrl(f"{base}{separator}controls=0#{fragment}"))
        log.info("officer's video page loading")

    def _connect_host(self, core) -> None:
        channel_module = webchannel_module()
        self.host = _PageHost(self)
        self.host.news.connect(self._page_pushed)
        channel = channel_module.QWebChannel(self.page)
        channel.registerObject("rvrHost", self.host)
        self.page.setWebChannel(channel, core.QWebEngineScript.ScriptWorldId.MainWorld)
        library = QtCore.QFile(":/qtwebchannel/qwebchannel.js")
        if not library.open(QtCore.QIODevice.OpenModeFlag.ReadOnly):
            raise RuntimeError(f"QtWebChannel's script is missing: {library.errorString()}")
        script = core.QWebEngineScript()
        script.setName("rvr-host")
        # Its own scope: the page gets window.rvrHost and no other global.
        script.setSourceCode("(function () {\n" + bytes(library.readAll().data()).decode("utf-8") + _CONNECT_HOST
                             + "})();")
        script.setWorldId(core.QWebEngineScript.ScriptWorldId.MainWorld)
        script.setInjectionPoint(core.QWebEngineScript.InjectionPoint.DocumentReady)
        script.setRunsOnSubFrames(False)
        self.page.scripts().insert(script)

    def _introduce(self, _ok: bool) -> None:
        # Shown to the caller in place of video whenever none goes from here (no camera, or camera off).
        profile = self.call.session.settings.profile
        card = {"name": profile.describe(), "role": profile.unit or "Police officer"}
        self._run(f"window.rvrOfficer && window.rvrOfficer.setNameCard({json.dumps(card)})")

    def _keep_keyboard(self, _ok: bool) -> None:
        proxy = self.view.focusProxy()
        if proxy is not None:
            proxy.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if self.view.hasFocus() or (proxy is not None and proxy.hasFocus()):
            self.still.setFocus()

    def _permission(self, permission) -> None:
        core, _ = webengine_modules()
        kinds = core.QWebEnginePermission.PermissionType
        wanted = permission.permissionType()
        if self._same_origin(permission.origin()) and wanted in (kinds.MediaAudioCapture, kinds.MediaVideoCapture, kinds.MediaAudioVideoCapture):
            permission.grant()
        else:
            log.warning("refused a %s permission request", wanted.name)
            permission.deny()

    def _same_origin(self, url: QtCore.QUrl) -> bool:
        """Whether `url` is the link service's own origin, as a browser compares origins (an explicit default port
        is the same origin)."""
        def origin(u: QtCore.QUrl) -> tuple[str, str, int]:
            scheme = u.scheme()
            return scheme, u.host(QtCore.QUrl.ComponentFormattingOption.EncodeUnicode), u.port(
                {"https": 443, "http": 80}.get(scheme, -1))

        return origin(url) == origin(self._origin)

    def _certificate_error(self, error) -> None:
        """A certificate the system does not trust: accepted only from the link service itself, issued by the
        authority this workstation was enrolled with (force_authority.py); anything else is refused, as a
        browser refuses it."""
        from rvr_desktop.video.force_authority import issued_for

        asked = error.url()
        # The host in its ASCII form (punycode), as certificates name it.
        host = asked.host(QtCore.QUrl.ComponentFormattingOption.EncodeUnicode)
        chain = [bytes(certificate.toDer().data()) for certificate in error.certificateChain()]
        if asked.scheme() == "https" and self._same_origin(asked) and error.isOverridable() and issued_for(
                host, chain, list(self.call.service.trusted_authorities)):
            error.acceptCertificate()
            return
        log.warning("refused a certificate the link service's authority did not issue (%s)", error.type().name)
        error.rejectCertificate()

    def _run(self, script: str, callback=None) -> None:
        if self.page is None:
            return
        if callback is None:
            self.page.runJavaScript(script)
        else:
            self.page.runJavaScript(script, 0, callback)

    def _page_pushed(self, news: str) -> None:
        # What the page pushed: every event since its last push, oldest first, and its status now.
        if self.page is None:
            return
        found = json.loads(news)
        self.page_status = found.get("status") or {}
        for event in found.get("events", []):
            kind = event.get("kind")
            if kind == "remote_media" and event.get("peer") == "caller":
                self.call.caller_media_arrived()
            elif kind == "remote_video":
                log.info("the %s's picture is showing in the officer's view (%s×%s)", event.get("peer"),
                         event.get("width"), event.get("height"))
            elif kind == "still_taken":
                self.stills_taken += 1
                self.call.take_still(event.get("still") or event)
            elif kind in ("peer_state", "peer_left"):
                self._peer_changed(event)
            elif kind == "still_refused":
                self.call.told.emit(event.get("message", ""))
            elif kind == "recording_part":
                self.recording.add_part(event["base64"])
            elif kind == "recording_stopped" and (made := self.recording.finished()) is not None:
                self.call.keep_exhibit(made)
        peers = self.page_status.get("peers") or {}
        caller = peers.get("caller") if isinstance(peers, dict) else None
        if self.records and not self.recording_started and isinstance(caller, dict) \
                and caller.get("state") == "connected":
            self.recording_started = True
            self._run("window.rvrOfficer.startRecording('caller')")
        self.status.setText(call_status_text(self.page_status))
        self.status.setToolTip(connection_figures(self.page_status))

    def _peer_changed(self, event: dict) -> None:
        peer = str(event.get("peer", "someone"))
        if event.get("kind") == "peer_left":
            self._present.discard(peer)
            reason = event.get("reason")
            self.peer_left.emit(f"The {peer} left the call" + (f" ({reason})" if reason else ""))
        elif event.get("state") == "connected" and peer not in self._present:
            self._present.add(peer)
            self.peer_joined.emit(f"The {peer} joined the call")

    def _show_interpreter_when_invited(self) -> None:
        # The interpreter's tile appears once one is invited: an empty tile would only say "nobody".
        if self.call.interpreter_link and not self._interpreter_shown:
            self._interpreter_shown = True
            self._run("window.rvrOfficer && window.rvrOfficer.expectInterpreter()")

    def _end(self) -> None:
        self._run("window.rvrOfficer && window.rvrOfficer.endCall()")
        self.call.end_call()

    def close_call(self) -> None:
        """Leave the page and let it go before its profile, as QtWebEngine requires."""
        if self.page is None:
            return
        self.view.setPage(None)
        # Without a parent and without a Python reference, each goes at once,
        # the page first; deleteLater could leave it to interpreter shutdown.
        for name in ("page", "profile"):
            getattr(self, name).setParent(None)
            setattr(self, name, None)


def connection_figures(status: dict) -> str:
    """The figures behind each connection's rating, for whoever must explain a poor call (IT support)."""
    lines = []
    for role, figures in (status.get("quality") or {}).items():
        if not isinstance(figures, dict):
            continue
        details = [f"{label} {figures[key]}{unit}" for key, label, unit in (
            ("rtt_ms", "round trip", " ms"), ("loss_pct", "packets lost", "%"), ("fps", "frames a second", ""))
            if figures.get(key) is not None]
        route = {"relay": "through the force's relay", "direct": "direct"}.get(figures.get("route") or "")
        if route:
            details.append(route)
        if details:
            lines.append(f"The {role}'s connection: " + ", ".join(details))
    return "\n".join(lines)


def call_status_text(status: dict) -> str:
    """The officer's live line: who is in the call, and how each connection is doing."""
    if status.get("ended"):
        return "The call has ended."
    peers = status.get("peers") or {}
    present = [role for role, peer in peers.items() if isinstance(peer, dict) and peer.get("state") == "connected"]
    parts = [f"You are {'in the call' if status.get('joined') else 'joining'}; "
             f"with you: {', '.join(present) or 'nobody yet'}."]
    for role, figures in (status.get("quality") or {}).items():
        if isinstance(figures, dict):
            parts.append(f"Connection to the {role}: {figures.get('rating', 'unknown')}.")
    devices = status.get("devices") or {}
    if devices.get("camera"):
        parts.append(f"{devices['camera']}: the caller sees your name card instead of your video.")
    if devices.get("microphone"):
        parts.append(f"{devices['microphone']}: the caller cannot hear you; talk by phone if you need to.")
    if status.get("muted"):
        parts.append("Your microphone is muted.")
    if status.get("camera_on") is False:
        parts.append("Your camera is off.")
    return " ".join(parts)
