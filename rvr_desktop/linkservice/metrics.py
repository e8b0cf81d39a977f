"""Counts and timings for the force's monitoring, in Prometheus's text format, on a socket of their own.

Counts and timings only. A request is counted under its route's pattern
("/api/officer/sessions/{session_id}/invites"), never the path it asked for,
so no session id, link token or code can reach a label; what happened in
calls is counted by event kind ("joined", "text_failed") and never by
session, case or phone. The metrics socket is not the callers' one: the
force's monitoring reaches it on its own network, and the public never can.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from .sessions import SessionBook

requests_log = logging.getLogger("rvr_desktop.linkservice.requests")
UNMATCHED = "unmatched"  # a request for no route at all: its path could be anything a stranger typed


class ServiceMetrics:
    """The link service's metrics: one registry per service, so two services in one test never share counts."""

    def __init__(self, book: SessionBook, draining: Callable[[], bool]) -> None:
        self.registry = CollectorRegistry()
        self._requests = Histogram(
            "rvr_link_service_request_seconds", "Time to answer an HTTP request, by route pattern and status",
            ["route", "method", "status"], registry=self.registry)
        self._events = Counter("rvr_link_service_events", "Things that happened in calls, by kind",
                               ["kind"], registry=self.registry)
        self.claims_refused_draining = Counter(
            "rvr_link_service_claims_refused_draining", "Links opened while the service was stopping, and refused",
            registry=self.registry)
        # Several instances on one Redis: what reached an instance that does not host its call. Sockets passed
        # on steadily mean the balancer does not route on ?via= (docs/deploy.md, "The balancer").
        self._passed_on = Counter("rvr_link_service_passed_on", "Requests and sockets passed on to the instance "
                                  "hosting their call, by kind", ["kind"], registry=self.registry)
        self.registry.register(_NowInCalls(book, draining))

    def count_event(self, kind: str) -> None:
        self._events.labels(kind=kind).inc()

    def count_passed_on(self, kind: str) -> None:
        self._passed_on.labels(kind=kind).inc()

    @web.middleware
    async def timed(self, request: web.Request, handler):
        started = time.perf_counter()
        status = 500
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            seconds = time.perf_counter() - started
            route = _route_of(request)
            self._requests.labels(route=route, method=request.method, status=str(status)).observe(seconds)
            # The service's access log: the route's pattern, never the path (paths carry ids and codes), and
            # no client address (a caller's address is personal data).
            requests_log.info("%s %s %d %.3fs", request.method, route, status, seconds)

    def app(self) -> web.Application:
        """The metrics socket's application: /metrics and nothing else."""
        async def scrape(request: web.Request) -> web.Response:
            return web.Response(body=generate_latest(self.registry), headers={"Content-Type": CONTENT_TYPE_LATEST})

        app = web.Application()
        app.add_routes([web.get("/metrics", scrape)])
        return app


def _route_of(request: web.Request) -> str:
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else UNMATCHED


class _NowInCalls(Collector):
    """What the service holds at the moment of the scrape, read from its sessions then (never stored)."""

    def __init__(self, book: SessionBook, draining: Callable[[], bool]) -> None:
        self._book = book
        self._draining = draining

    def collect(self) -> Iterator[GaugeMetricFamily]:
        sessions = self._book.all()
        yield GaugeMetricFamily("rvr_link_service_sessions", "Video sessions held", value=len(sessions))
        connected = GaugeMetricFamily("rvr_link_service_connected_tabs", "Connected tabs, by role", labels=["role"])
        in_call = GaugeMetricFamily("rvr_link_service_in_call", "Tabs in a call, by role", labels=["role"])
        by_role: dict[str, list[int]] = {}
        for session in sessions:
            for role, participant in session.connected.items():
                counts = by_role.setdefault(role.value, [0, 0])
                counts[0] += 1
                counts[1] += participant.in_call
        for name, (tabs, calling) in sorted(by_role.items()):
            connected.add_metric([name], tabs)
            in_call.add_metric([name], calling)
        yield connected
        yield in_call
        yield GaugeMetricFamily("rvr_link_service_draining", "1 while the service is stopping and refuses new claims",
                                value=int(self._draining()))
