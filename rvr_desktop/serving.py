"""Stopping an aiohttp server this program runs (the link service, the practice records server, the practice
identity provider) so that nothing it held is left half closed when its event loop closes."""

from __future__ import annotations

import asyncio

from aiohttp import web


async def stop_serving(runner: web.AppRunner) -> None:
    """Stop serving and close every connection. aiohttp closes them without waiting for their close to finish
    (a TLS connection's waits for the client's reply, which an idle client never sends), and the event loop is
    about to close: what is still open then is cut off rather than left open."""
    transports = [c.transport for c in runner.server.connections if c.transport] if runner.server else []
    await runner.cleanup()
    for transport in transports:
        transport.abort()
    await asyncio.sleep(0)  # each transport's close runs on the loop's next turn
