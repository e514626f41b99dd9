"""What every self-contained page needs: the vendored browser libraries and geographic data shipped in
the package, JSON that is safe inside a ``<script>`` element, and a page whose Content-Security-Policy
allows exactly its own inline scripts.
"""

from __future__ import annotations

import base64
import hashlib
import json
from importlib.resources import files


def vendor_text(name: str) -> str:
    """Return the text of a vendored library file (``bbkg/render/vendor/NAME``)."""
    return files("bbkg").joinpath("render", "vendor", name).read_text(encoding="utf-8")


def geodata() -> dict:
    """Return the map data: country outlines, provinces and regions as GeoJSON geometries, and sources."""
    return json.loads(files("bbkg").joinpath("render", "geodata", "belgium.json").read_text(encoding="utf-8"))


def script_json(value: object) -> str:
    """Return JSON that is safe inside a <script> element (no '<', '>', '&', U+2028/9 left)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def script_hashes(scripts: list[str]) -> str:
    """Return the CSP source list allowing exactly these inline scripts."""
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'" for s in scripts
    )


def inline_page(template: str, libraries: list[str], app: str, *, styles: list[str] = (), **context: object) -> str:
    """Render ``render/templates/TEMPLATE`` with the libraries, the app script ``APP`` and the styles inlined.

    The template receives ``libraries`` and ``app_js`` (script texts), ``styles``, ``script_hashes`` (for
    its Content-Security-Policy) and ``context``; values named ``*_json`` are inserted unescaped (they
    come from :func:`script_json`).
    """
    from jinja2 import Environment, FunctionLoader
    from markupsafe import Markup

    from bbkg.resources import template_text

    app_js = template_text(app)
    env = Environment(autoescape=True, keep_trailing_newline=True, loader=FunctionLoader(template_text))
    values = {k: Markup(v) if k.endswith("_json") else v for k, v in context.items()}
    return env.from_string(template_text(template)).render(
        libraries=[Markup(s) for s in libraries], app_js=Markup(app_js), styles=[Markup(s) for s in styles],
        script_hashes=Markup(script_hashes([*libraries, app_js])), **values,
    )
