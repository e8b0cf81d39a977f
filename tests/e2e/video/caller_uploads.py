"""Sending a file from the caller's page as she does: chosen in its file field, then what the page says of it."""

from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By

from tests.helpers.chromium import wait_for


def send_file(phone, path: Path) -> str:
    """Choose `path` in the caller's page and wait for what the page says of it (received, or why not)."""
    sent = len(phone.find_elements(By.CSS_SELECTOR, "#uploads li"))
    phone.find_element(By.ID, "photo").send_keys(str(path))
    done = f"document.querySelectorAll('#uploads li')[{sent}]"
    wait_for(phone, f"{done} && ({done}.className === 'failed' || {done}.dataset.sha256)",
             what=f"the page's answer for {path.name}")
    return phone.find_elements(By.CSS_SELECTOR, "#uploads li")[sent].text
