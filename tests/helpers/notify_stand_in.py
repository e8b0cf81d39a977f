"""The practice GOV.UK Notify stand-in on a real HTTP server of its own, as a force's Notify would be: the real
client's requests, the real JWT check."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from aiohttp import web

from rvr_desktop.linkservice import server
from rvr_desktop.linkservice.simulated_phone import SimulatedPhones


@dataclass
class StandInNotify:
    phones: SimulatedPhones
    url: str

    def config_section(self, api_key_file) -> str:
        """The `[notify]` section naming this stand-in, its English templates and the key kept in `api_key_file`."""
        templates = ", ".join(f'{role} = {{ {language} = "{template}" }}' for (role, language), template
                              in self.phones.notify_templates().by_role_and_language.items() if language == "en")
        return f'[notify]\napi_key_file = "{api_key_file}"\nbase_url = "{self.url}"\ntemplates = {{ {templates} }}\n'


@contextmanager
def notify_stand_in() -> Iterator[StandInNotify]:
    phones = SimulatedPhones(delivery_delay=0.2)
    app = web.Application()
    app.add_routes(phones.routes())
    loop = asyncio.new_event_loop()
    sock = server.bind("127.0.0.1", 0)
    runner = web.AppRunner(app)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.SockSite(runner, sock).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield StandInNotify(phones, f"http://127.0.0.1:{sock.getsockname()[1]}")
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
