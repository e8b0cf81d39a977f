"""The step pages in the officer's order, one per workflow step."""

from rvr_desktop.ui.steps.account_page import AccountPage
from rvr_desktop.ui.steps.intake_page import IntakePage
from rvr_desktop.ui.steps.link_page import LinkPage
from rvr_desktop.ui.steps.review_page import ReviewPage
from rvr_desktop.ui.steps.risk_page import RiskPage
from rvr_desktop.ui.steps.safeguarding_page import SafeguardingPage
from rvr_desktop.ui.steps.safety_page import SafetyPage
from rvr_desktop.ui.steps.statement_page import StatementPage
from rvr_desktop.ui.steps.video_page import VideoPage

PAGES = (IntakePage, SafetyPage, LinkPage, VideoPage, AccountPage, RiskPage, SafeguardingPage, StatementPage,
         ReviewPage)
