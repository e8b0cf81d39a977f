"""Practice cases cannot reach a live records system, whatever is configured."""

from __future__ import annotations

import pytest

from rvr_desktop.sync.endpoint import EndpointRefused, practice_endpoint


@pytest.mark.parametrize("url", ["https://records.force.example/v1", "http://10.0.0.5:8080", "http://records:80",
                                 "http://127.0.0.1.example.com/"])
def test_a_practice_endpoint_is_loopback_only(url):
    with pytest.raises(EndpointRefused, match="Nothing was sent"):
        practice_endpoint(url, "token")


def test_the_practice_server_on_loopback_is_accepted():
    assert practice_endpoint("http://127.0.0.1:5050/", "token").url == "http://127.0.0.1:5050"
