"""The site's nginx rules in a real nginx (Debian's package; CI installs it): an entity IRI answers
303 See Other to its Turtle, JSON-LD or HTML in the language asked for, with Vary; files are served as they are."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from remote_servers import free_port, wait_listening

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def nginx_site(tmp_path_factory, ecosystem_store):
    """The fixture ecosystem's site behind nginx with the site's own bbkg-nginx.conf; the base URL."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("CI is set but nginx is missing: .ci/run installs it (apt-get install nginx-light)")
        pytest.skip("no nginx (apt-get install nginx-light); runs in CI")
    from bbkg.site import build_site

    folder = tmp_path_factory.mktemp("nginx")
    site = folder / "site"
    build_site(ecosystem_store, site, network=False)
    port = free_port()
    rules = (site / "bbkg-nginx.conf").read_text(encoding="utf-8")
    rules = rules.replace("listen 8080;", f"listen 127.0.0.1:{port};").replace("root /srv/bbkg-site;", f"root {site};")
    (folder / "bbkg.conf").write_text(rules, encoding="utf-8")
    temp = folder / "temp"
    temp.mkdir()
    (folder / "nginx.conf").write_text(
        f"user root; daemon off; pid {folder}/nginx.pid; error_log {folder}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; client_body_temp_path {temp}; proxy_temp_path {temp};"
        f" fastcgi_temp_path {temp}; uwsgi_temp_path {temp}; scgi_temp_path {temp};\n"
        f"  include {folder}/bbkg.conf; }}\n", encoding="utf-8")
    server = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_listening(port, server)
        yield f"http://127.0.0.1:{port}", site
    finally:
        server.terminate()
        server.wait(timeout=10)


def _ask(url: str, **headers: str):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        answer = opener.open(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as exc:
        answer = exc
    return answer.status if hasattr(answer, "status") else answer.code, answer.headers, answer.read()


@pytest.mark.parametrize("headers, target", [
    ({"Accept": "text/turtle"}, "/id/org/gamma-bio/index.ttl"),
    ({"Accept": "application/ld+json"}, "/id/org/gamma-bio/index.jsonld"),
    ({"Accept": "text/html", "Accept-Language": "fr-BE,fr;q=0.9"}, "/id/org/gamma-bio/index.fr.html"),
    ({"Accept": "text/html", "Accept-Language": "de"}, "/id/org/gamma-bio/"),  # no German page: English
    ({"Accept": "text/html"}, "/id/org/gamma-bio/"),
])
def test_an_iri_answers_303_to_what_was_asked(nginx_site, headers, target):
    base, site = nginx_site
    status, answer, _ = _ask(f"{base}/id/org/gamma-bio", **headers)
    assert status == 303
    assert answer["Location"].endswith(target)
    assert "Accept" in answer["Vary"] and "Accept-Language" in answer["Vary"]
    status, answer, body = _ask(f"{base}{target}")
    assert status == 200
    file = site / target.lstrip("/") / ("index.html" if target.endswith("/") else "")
    assert body == file.read_bytes()
    kind = {".ttl": "text/turtle", ".jsonld": "application/ld+json"}.get(Path(target).suffix, "text/html")
    assert answer["Content-Type"].startswith(kind)
