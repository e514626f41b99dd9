"""Driving Debian's headless Chromium (Playwright) for the browser tests: launch it, and open a page with every
request that is not for a file blocked and recorded, dialogs, page errors and CSP violations recorded.

A test module calls :func:`require_chromium` first: skipped when /usr/bin/chromium is missing outside CI; in
CI (CI set) a missing browser fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]


def require_chromium() -> None:
    """Skip (or, in CI, fail) the calling test module when Chromium is missing."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but /usr/bin/chromium is missing: .ci/run installs it (apt-get install chromium)",
                    pytrace=False)
    pytest.skip("no /usr/bin/chromium (apt-get install chromium); runs in CI", allow_module_level=True)


class Visit:
    """One page opened in the browser, with what it tried to do."""

    def __init__(self, browser, viewport: tuple[int, int] = (1200, 800)) -> None:
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.add_init_script(  # record what the Content-Security-Policy had to block (an attempted injection)
            "window.__blocked = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__blocked.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        self.page.route("**/*", self._route)
        self.page.on("request", lambda r: None if r.url.startswith(("file://", "data:")) else self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def open(self, path: Path | str, ready: bool = True, timeout: float = 20_000):
        """Go to a file (or file URL); wait for ``body[data-ready]`` when ``ready``; return the page."""
        url = path if str(path).startswith("file://") else Path(path).resolve().as_uri()
        self.page.goto(str(url))
        if ready:
            # a selector, not wait_for_function: a page's Content-Security-Policy may forbid the eval it polls with
            self.page.wait_for_selector('body[data-ready="true"]', state="attached", timeout=timeout)
        return self.page

    def close(self) -> None:
        """Close the page."""
        self.page.close()
