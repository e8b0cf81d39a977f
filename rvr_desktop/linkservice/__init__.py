"""The video link service: one-time links texted to the caller, the caller's page, WebRTC signalling
between the officer, the caller and an interpreter, and the caller's uploads.

An aiohttp server run as its own process (`rvr-desktop link-service`): the workstation's child in
practice, or a force's own service set up by its configuration file. It imports nothing from the
workstation's windows or its case store, and keeps everything in memory only. Modules:

  server          putting it together, listening, draining and stopping
  config          its configuration (config_checks: every problem found in one pass;
                  secret_files: secrets from private files or systemd credentials)
  health          /healthz and /readyz for the force's load balancer
  metrics         /metrics for the force's monitoring, on a socket of its own
  officer_api     the workstation's API (bearer token): sessions, links, texts, uploads, events
  caller_api      what a page asks over HTTP: open a link, send a photo, say it is leaving
  signalling      each tab's WebSocket: presence and WebRTC offers, answers and candidates
  links           one-time links and the device each is bound to
  sessions        sessions and their links, in memory
  events          each session's event log for the workstation
  texts           texting a link with GOV.UK Notify's client and following delivery
  simulated_phone practice mode's Notify and the trainer's /phone page
  trainer_console practice mode's trainer's consoles (trainer_api: their routes)
  network_side    the practice network socket's allow-list (callers and the trainer only)
  image_check     whether an upload is one whole image, decoded in worker processes
  signing         asking the witness or interpreter to sign the statement on their own page
  rate_limit      guess limits, a bucket per kind of secret (asking: who is asking, behind proxies)
  uploads, tokens, pages, replies, service
"""
