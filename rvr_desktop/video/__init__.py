"""The workstation's side of the video call, without Qt.

  practice_service.start_practice_link_service()  the link service as a child process (practice mode)
  client.LinkServiceClient                        the officer API: sessions, links, texts, uploads
  events.follow_events()                          a session's events, on a background thread

The officer's page itself is served by the link service at the address `open_session` returns
(resources/officer-page/officer.js documents the hooks the embedding view can use).
"""
