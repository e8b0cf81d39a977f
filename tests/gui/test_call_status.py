"""The officer's live line about the call, from the page's own status."""

from rvr_desktop.ui.video_panel import call_status_text, connection_figures


def test_only_connected_people_are_listed_with_each_connection():
    status = {"joined": True, "peers": {"caller": {"state": "connected"}, "interpreter": {"state": "absent"}},
              "quality": {"caller": {"rating": "good", "rtt_ms": 12, "loss_pct": 0, "fps": 30}}, "muted": True}
    text = call_status_text(status)
    assert "with you: caller." in text and "interpreter" not in text
    # Plain words on the line; the figures behind them only where someone looks for them.
    assert "Connection to the caller: good." in text and " ms" not in text
    assert connection_figures(status) == ("The caller's connection: round trip 12 ms, packets lost 0%, "
                                          "frames a second 30")
    assert "muted" in text
    status["quality"]["caller"]["route"] = "relay"
    assert connection_figures(status).endswith("frames a second 30, through the force's relay")


def test_an_empty_or_ended_call_says_so():
    assert "nobody yet" in call_status_text({"joined": False, "peers": {}})
    assert call_status_text({"ended": True}) == "The call has ended."
