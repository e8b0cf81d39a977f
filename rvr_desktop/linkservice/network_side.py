"""The second, network-facing socket of a practice link service (`link-service --network`).

A trainer playing the caller from a phone or laptop reaches the service over the training room's network,
while the officer's workstation keeps using its loopback socket. The network socket serves only what a
caller's and a trainer's browser need; the officer's API and page, the simulated phone and the practice
Notify API answer 404 there, so nobody on that network can reach them whatever token they hold.

A request's socket is told by the local address its connection arrived at, not by `request.secure`: that
says only whether TLS was used, which a future change to either socket could make true of both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from .replies import refuse

WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
# Route patterns (not raw paths: the router has already decided which handler a path reaches).
NETWORK_ROUTES = frozenset({"/", "/j", "/trainer/", "/api/claim", "/api/upload", "/api/leave", "/ws"})
NETWORK_ROUTE_PREFIXES = ("/static/caller/", "/static/trainer/", "/api/trainer/")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def arrived_at(request: web.Request, address: tuple[str, int]) -> bool:
    """Whether `request` came in on the socket bound to `address` (as that socket's getsockname gives it)."""
    local = request.transport.get_extra_info("sockname") if request.transport is not None else None
    if not local:
        return True  # the connection is already gone; treat it as the stricter socket's
    host, port = address
    # Bound to every interface, the socket's connections carry the interface's own address, so only the port
    # tells; no other socket of this service can then share that port.
    return local[1] == port and (host in WILDCARD_HOSTS or local[0] == host)


def served_on_the_network(request: web.Request) -> bool:
    resource = request.match_info.route.resource
    if resource is None:  # no route (404) or wrong method (405)
        return False
    pattern = resource.canonical
    return pattern in NETWORK_ROUTES or pattern.startswith(NETWORK_ROUTE_PREFIXES)


def callers_and_trainer_only(address: tuple[str, int]):
    """A middleware refusing, on the socket at `address`, everything but the caller's and trainer's routes."""
    @web.middleware
    async def allow_list(request: web.Request, handler: Handler) -> web.StreamResponse:
        if arrived_at(request, address) and not served_on_the_network(request):
            return refuse(404, "callers_and_trainer_only", "This address serves the caller's and the trainer's "
                          "pages only; nothing else is reachable here. The officer's workstation uses its own "
                          "address on this computer.")
        return await handler(request)
    return allow_list
