"""The HTML book works offline.

Two kinds of checks:

* **Pins** (fast, no build): the JavaScript vendored in ``_vendor/`` is the version Altair's chart template
  asks for, and ``_config.yml`` tells the template so (``window.VEGA_DEBUG``). An Altair upgrade that moves
  ``alt.VEGALITE_VERSION`` fails here until ``_vendor/update.sh`` is rerun (see ``_vendor/README.md``).
* **Browser** (marker ``browser``): every built page with an Altair chart, an ipywidget or math is opened
  over ``file://`` in Debian's headless Chromium, driven by Playwright, with the network switched off. The
  charts must draw marks, sliders and dropdowns must exist where a chart binds a parameter, widgets must
  render from their saved state, and no request may leave the machine (only ``file:``, ``data:``, ``blob:``).
  Every built page is opened at 1280 px: no uncaught error and no console error, no serious or critical
  accessibility violation (axe-core, vendored in ``_vendor/axe-core/``, injected into the page), every
  chart inside the text column; pages with charts are opened again at 390 px (a phone) and measured too.
  Without Chromium these tests skip, unless ``CRMKIT_REQUIRE_BROWSER=1`` (set by ``.ci/run``) makes them fail.
  The interactions (slider, dropdown, brush, legend) are operated in ``test_site_interactions.py``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import yaml

from conftest import chromium_path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "_vendor"
VERSIONS = json.loads((VENDOR / "versions.json").read_text(encoding="utf-8"))
SPHINX_CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]

LOCAL_SCHEMES = ("file:", "data:", "blob:")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = VENDOR / "axe-core" / "axe.min.js"
# The book build and opening every page twice take minutes on a busy machine: more than the default per-test limit.
pytestmark = pytest.mark.timeout(900)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


# --------------------------------------------------------------------------------------------------
# Pins: vendored versions, Altair's template, _config.yml
# --------------------------------------------------------------------------------------------------


def altair_template_requests() -> dict[str, str]:
    """The library versions Altair's default HTML output asks for, read from a real chart's output.

    Returns keys ``vega``, ``vega-lite``, ``vega-embed`` (e.g. ``{"vega": "6", "vega-lite": "6.4.1", ...}``).
    """
    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    bundle = chart._repr_mimebundle_()
    html = (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]
    found = dict(re.findall(r'maybeLoadScript\("([a-z-]+)", "([^"]+)"\)', html))
    assert set(found) == {"vega", "vega-lite", "vega-embed"}, (
        f"Altair's HTML template changed: it no longer asks for vega/vega-lite/vega-embed via "
        f"maybeLoadScript; found {found}. Re-read altair/utils/html.py and adapt _config.yml."
    )
    return found


def vega_debug_in_config() -> dict[str, str]:
    """The versions ``window.VEGA_DEBUG`` claims in _config.yml's html_js_files."""
    bodies = [attrs.get("body", "") for _, attrs in SPHINX_CONFIG["html_js_files"] if isinstance(attrs, dict)]
    debug = [body for body in bodies if "VEGA_DEBUG" in body]
    assert len(debug) == 1, "_config.yml must set window.VEGA_DEBUG in exactly one html_js_files body script"
    return dict(re.findall(r'(vega_version|vegalite_version|vegaembed_version): *"([^"]+)"', debug[0]))


def _satisfies(vendored: str, requested: str) -> bool:
    """True if a vendored version (6.4.0) meets a requested one ("6", "6.4" or "6.4.0")."""
    return vendored.split(".")[: len(requested.split("."))] == requested.split(".")


def test_vendored_vegalite_is_altairs_version():
    vendored = VERSIONS["vega-lite"]
    assert vendored.split(".")[:2] == alt.VEGALITE_VERSION.split(".")[:2], (
        f"vendored vega-lite {vendored} but Altair {alt.__version__} writes Vega-Lite {alt.VEGALITE_VERSION} "
        f"specs: set VEGALITE={alt.VEGALITE_VERSION} in _vendor/update.sh and run it"
    )
    assert vendored == alt.VEGALITE_VERSION, (
        f"vendored vega-lite {vendored} != alt.VEGALITE_VERSION {alt.VEGALITE_VERSION}: Altair's template asks "
        f"for exactly {alt.VEGALITE_VERSION}; rerun _vendor/update.sh with VEGALITE={alt.VEGALITE_VERSION}"
    )


def test_vendored_files_carry_the_versions_listed():
    files = {
        "vega": VENDOR / "vega" / "vega.min.js",
        "vega-lite": VENDOR / "vega-lite" / "vega-lite.min.js",
        "vega-embed": VENDOR / "vega-embed" / "vega-embed.min.js",
        "requirejs": VENDOR / "requirejs" / "require.js",
    }
    for package, path in files.items():
        text = path.read_text(encoding="utf-8")
        version = VERSIONS[package]
        assert re.search(rf"""["']{re.escape(version)}["']""", text), (
            f"{path.relative_to(ROOT)} does not contain the version string {version!r} "
            f"that _vendor/versions.json lists for {package}"
        )


def test_vendored_vega_and_vega_embed_meet_altairs_template():
    requested = altair_template_requests()
    for package in ("vega", "vega-lite", "vega-embed"):
        assert _satisfies(VERSIONS[package], requested[package]), (
            f"Altair's template asks for {package}@{requested[package]}, vendored is {VERSIONS[package]}"
        )


def test_vega_debug_says_exactly_what_altairs_template_asks_for():
    requested = altair_template_requests()
    claimed = vega_debug_in_config()
    expected = {
        "vega_version": requested["vega"],
        "vegalite_version": requested["vega-lite"],
        "vegaembed_version": requested["vega-embed"],
    }
    assert claimed == expected, (
        f"window.VEGA_DEBUG in _config.yml is {claimed}, Altair's template compares with {expected}: "
        f"any mismatch makes every chart fetch its library from the CDN"
    )


def test_config_points_only_at_vendored_files():
    assert SPHINX_CONFIG["html_static_path"] == ["_vendor"]
    paths = [name for name, _ in SPHINX_CONFIG["html_js_files"] if name]
    paths += list(SPHINX_CONFIG["nb_ipywidgets_js"])
    paths.append(SPHINX_CONFIG["mathjax_path"])
    for path in paths:
        assert "://" not in path and not path.startswith("//"), f"_config.yml loads {path} from another host"
        assert (VENDOR / path).is_file(), f"_config.yml loads {path}, which is not in _vendor/"
    for attrs in SPHINX_CONFIG["nb_ipywidgets_js"].values():
        for name, value in attrs.items():
            assert "://" not in value, f"nb_ipywidgets_js sets {name}={value}: a remote address"


def test_each_vendored_package_has_its_licence():
    for folder in ("vega", "vega-lite", "vega-embed", "requirejs", "jupyter-widgets", "mathjax", "axe-core"):
        assert (VENDOR / folder / "LICENSE").is_file(), f"_vendor/{folder}/ has no LICENSE file"


def test_there_is_no_top_level_static_folder():
    assert not (ROOT / "_static").exists(), (
        "a top-level _static/ folder makes Jupyter Book 1 load every *.js under every html_static_path "
        "folder (including _vendor/) on every page, which breaks the charts: put files in _vendor/ instead"
    )


# --------------------------------------------------------------------------------------------------
# The built pages (static checks)
# --------------------------------------------------------------------------------------------------

CHART_MARK = re.compile(r'id="altair-viz-')
WIDGET_MARK = "application/vnd.jupyter.widget-view+json"
MATH_MARK = re.compile(r'class="math[ "]')


def built_pages(html_root: Path) -> list[Path]:
    skip = {"_static", "_sources", "_images"}
    return sorted(p for p in html_root.rglob("*.html") if not skip & set(p.relative_to(html_root).parts))


class _RemoteAssetFinder(HTMLParser):
    """Collect attributes that make a browser fetch something from another host."""

    LOADING = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "iframe": ("src",),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "track": ("src",),
    }
    LOADING_LINK_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut", "manifest",
                         "preconnect", "dns-prefetch", "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []

    @staticmethod
    def _is_remote(value: str) -> bool:
        return bool(re.match(r"\s*(https?:)?//", value))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        names = self.LOADING.get(tag, ())
        if tag == "link" and set((attrs.get("rel") or "").lower().split()) & self.LOADING_LINK_RELS:
            names = ("href",)
        for name in names:
            value = attrs.get(name) or ""
            if self._is_remote(value):
                self.remote.append(f"<{tag} {name}={value}>")
        if self._is_remote(attrs.get("style") or "") or "url(http" in (attrs.get("style") or ""):
            self.remote.append(f"<{tag} style={attrs.get('style')}>")


@pytest.mark.build
def test_built_pages_reference_no_remote_assets(built_book):
    problems = []
    for page in built_pages(built_book):
        finder = _RemoteAssetFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(built_book)}: {item}" for item in finder.remote]
    for css in (built_book / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in re.findall(r"""(?:url\(\s*['"]?|@import\s+['"])(?:https?:)?//[^)'"]+""", text):
            problems.append(f"{css.relative_to(built_book)}: {match}")
    assert not problems, "built pages load assets from other hosts:\n" + "\n".join(problems)


@pytest.mark.build
def test_widget_pages_carry_saved_widget_state(built_book):
    """Every widget view on a page has its model in the page's saved widget state (kept by jupyter-cache)."""
    pages = [p for p in built_pages(built_book) if WIDGET_MARK in p.read_text(encoding="utf-8")]
    assert pages, "no built page has an ipywidget (notebooks/ch00-interactive-charts.ipynb should)"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        states = re.findall(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', text, re.S)
        assert states, f"{page.name} shows widgets but carries no widget state: they would render blank"
        models = json.loads(states[0])["state"]
        views = re.findall(r'"model_id": "([0-9a-f]+)"', "".join(
            re.findall(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', text, re.S)))
        missing = [v for v in views if v not in models]
        assert not missing, f"{page.name}: widget views without saved state: {missing}"


@pytest.mark.build
def test_front_page_title_names_the_book_once(built_book):
    title = re.search(r"<title>(.*?)</title>", (built_book / "index.html").read_text(encoding="utf-8")).group(1)
    assert title == "Customer Relationship Management: an interactive workbook", f"front page <title>: {title!r}"
    chapter = re.search(r"<title>(.*?)</title>", (built_book / "book" / "ch01-what-is-crm.html").read_text(encoding="utf-8")).group(1)
    assert chapter.startswith("Chapter 1") and chapter.endswith("an interactive workbook")


CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


class _UnmarkedChinese(HTMLParser):
    """Chinese text in a page's article that is not inside an element with lang="zh-CN" (code and outputs aside)."""

    SKIP = {"script", "style", "pre", "code", "svg", "textarea"}
    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source", "area", "base", "embed", "track", "param"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # tag, in article, marked/skipped
        self.unmarked: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        article = (bool(self.stack) and self.stack[-1][1]) or (tag == "article" and "bd-article" in (attrs.get("class") or ""))
        exempt = (bool(self.stack) and self.stack[-1][2]) or attrs.get("lang", "").lower().startswith("zh") or tag in self.SKIP \
            or "cell_output" in (attrs.get("class") or "")
        self.stack.append((tag, article, exempt))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1] and not self.stack[-1][2] and CJK.search(data):
            self.unmarked.append(data.strip()[:40])


@pytest.mark.build
def test_chinese_text_is_marked_as_chinese(built_book):
    problems = []
    for page in built_pages(built_book):
        text = page.read_text(encoding="utf-8")
        if '<html lang="zh-CN"' in text:  # a page of the Chinese edition: all of it is declared Chinese
            continue
        finder = _UnmarkedChinese()
        finder.feed(text)
        problems += [f"{page.relative_to(built_book)}: {text!r}" for text in finder.unmarked[:3]]
    marked = (built_book / "book" / "glossary.html").read_text(encoding="utf-8").count('lang="zh-CN"')
    assert marked > 50, f"the glossary marks only {marked} Chinese spans"
    assert not problems, "Chinese text outside lang=\"zh-CN\" (screen readers would read it with an English voice):\n" + "\n".join(problems[:40])


@pytest.mark.build
def test_every_static_widget_says_it_needs_a_running_notebook(built_book):
    pages = [p for p in built_pages(built_book) if WIDGET_MARK in p.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        views = text.count('<script type="application/vnd.jupyter.widget-view+json">')
        notes = len(re.findall(r'class="crm-widget-note[^"]*"[^>]*>.*?</div><script type="application/vnd\.jupyter\.widget-view\+json">', text, re.S))
        assert notes == views, f"{page.name}: {views} widgets, {notes} with the note that a running notebook is needed"
        assert "crmkit" in text and "datasets/" in text


# --------------------------------------------------------------------------------------------------
# Browser: open the pages in headless Chromium with the network off
# --------------------------------------------------------------------------------------------------

# Before any page script runs: keep every vega-embed result, so the test can count the items Vega drew.
CAPTURE_VIEWS = """
(() => {
  window.__crmkitViews = [];
  let embed;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return embed; },
    set(original) {
      const wrapped = function (el, spec, options) {
        return original(el, spec, options).then((result) => {
          window.__crmkitViews.push({ element: typeof el === "string" ? document.querySelector(el) : el,
                                      view: result.view });
          return result;
        });
      };
      Object.assign(wrapped, original);
      embed = wrapped;
    },
  });
})();
"""

SETTLED = """
() => {
  const charts = Array.from(document.querySelectorAll('div[id^="altair-viz-"]'));
  const chartsDone = charts.every((el) =>
    el.querySelector("svg, canvas") || /error/i.test(el.textContent));
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  const widgetsDone = Array.from(views).every((tag) => {
    const area = tag.previousElementSibling;
    return (area && area.childElementCount > 0) || document.body.innerText.includes("Error displaying widget");
  });
  const mathDone = !document.querySelector(".math") || document.querySelector("mjx-container");
  return chartsDone && widgetsDone && mathDone;
}
"""

INSPECT = """
() => {
  function countDataMarkItems(mark) {
    // Items of marks whose role is "mark" (the chart's own data marks, not axes, legends or titles);
    // group marks (the root, layers, concatenated views) are walked through.
    if (mark.marktype === "group") {
      let total = 0;
      for (const group of mark.items || []) {
        for (const child of group.items || []) total += countDataMarkItems(child);
      }
      return total;
    }
    return mark.role === "mark" ? (mark.items || []).length : 0;
  }
  const views = window.__crmkitViews || [];
  const charts = Array.from(document.querySelectorAll('div[id^="altair-viz-"]')).map((el) => {
    const script = el.nextElementSibling && el.nextElementSibling.tagName === "SCRIPT" ? el.nextElementSibling.textContent : "";
    const canvas = el.querySelector("canvas");
    const captured = views.find((v) => v.element === el);
    return {
      id: el.id,
      svgMarks: el.querySelectorAll("svg g.role-mark > *").length,
      canvasSize: canvas ? [canvas.width, canvas.height] : null,
      dataMarkItems: captured ? countDataMarkItems(captured.view.scenegraph().root) : null,
      inputBindings: /"bind": \\{"input"/.test(script) || /"input": "(range|select|radio|checkbox)"/.test(script),
      bindingControls: el.querySelectorAll(".vega-bindings input, .vega-bindings select").length,
      text: el.textContent.slice(0, 300),
    };
  });
  const widgetViews = Array.from(document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]'))
    .map((tag) => {
      const area = tag.previousElementSibling;
      return area ? area.querySelectorAll(".jupyter-widgets, .widget-inline-hbox, .widget-box, .widget-html").length : 0;
    });
  return {
    charts,
    widgetViews,
    widgetControls: document.querySelectorAll(".jupyter-widgets input, .jupyter-widgets select, .widget-slider").length,
    mathSource: document.querySelectorAll(".math").length,
    mathTypeset: document.querySelectorAll("mjx-container").length,
    mathErrors: document.querySelectorAll("mjx-merror").length,
    bodyText: document.body.innerText,
    versions: {
      vega: window.vega && window.vega.version,
      "vega-lite": window.vegaLite && window.vegaLite.version,
      "vega-embed": window.vegaEmbed && window.vegaEmbed.version,
    },
    vegaDebug: window.VEGA_DEBUG || null,
  };
}
"""


@dataclass
class PageReport:
    name: str
    kinds: set[str]
    requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    settled: bool = False
    state: dict = field(default_factory=dict)
    violations: list[dict] = field(default_factory=list)
    layout: dict = field(default_factory=dict)          # at 1280 px
    phone_layout: dict = field(default_factory=dict)    # at 390 px (pages with charts)


def _browser_or_skip():
    """Return playwright's sync_playwright, or skip (fail under CRMKIT_REQUIRE_BROWSER=1)."""
    required = os.environ.get("CRMKIT_REQUIRE_BROWSER") == "1"
    reason = None
    if chromium_path() is None:
        reason = "no Chromium on PATH (apt-get install chromium; .ci/run installs it)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "the playwright Python package is missing (pip install -r requirements.txt)"
    if reason:
        if required:
            pytest.fail(f"browser tests are required (CRMKIT_REQUIRE_BROWSER=1) but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    return sync_playwright


def interactive_pages(html_root: Path) -> dict[Path, set[str]]:
    """Every built page, with the kinds of interactive content it has (chart, widget, math)."""
    found = {}
    for page in built_pages(html_root):
        text = page.read_text(encoding="utf-8")
        kinds = set()
        if CHART_MARK.search(text):
            kinds.add("chart")
        if WIDGET_MARK in text:
            kinds.add("widget")
        if MATH_MARK.search(text):
            kinds.add("math")
        found[page] = kinds
    return found


WIDGET_SCRIPTS = re.compile(
    r'<script[^>]*(?:requirejs/require\.js|offline-amd\.js|embed-amd\.js|application/vnd\.jupyter\.widget-(?:state|view)\+json)'
    r'[^>]*>.*?</script>',
    re.S,
)


def charts_without_widgets(page: Path) -> Path:
    """Copy a page with charts and widgets, minus the widget machinery, beside the original.

    Charts load differently on pages without require.js (plain scripts and window.VEGA_DEBUG) than on
    pages with widgets (AMD modules). When the book has no chart page without widgets, this copy makes
    the browser tests exercise that path too. The caller deletes it.
    """
    copy = page.with_name(page.stem + ".no-widgets-probe.html")
    copy.write_text(WIDGET_SCRIPTS.sub("", page.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def offline_browser(playwright, profile: str):
    """Debian's Chromium, headless, 1280 px wide, with the network off; every chart's view is recorded."""
    context = playwright.chromium.launch_persistent_context(
        profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS, viewport=DESKTOP,
    )
    context.set_offline(True)  # what a reader without a network sees; requests are still recorded
    context.add_init_script(CAPTURE_VIEWS)
    return context


def open_page(context, path: Path, report: PageReport, viewport: dict):
    """Open a built page, record its requests and errors, wait until charts, widgets and math are drawn."""
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.on("request", lambda request: report.requests.append(request.url))
    page.on("pageerror", lambda error: report.page_errors.append(str(error)))
    page.on("console", lambda message: report.console_errors.append(message.text) if message.type == "error" else None)
    page.goto(path.as_uri(), wait_until="load")
    try:
        page.wait_for_function(SETTLED, timeout=20_000)
        report.settled = True
    except Exception:  # reported by the tests below, page by page
        report.settled = False
    page.wait_for_timeout(150)  # late requests (fonts, lazy modules) and chart resizes are recorded too
    return page


def run_axe(page, whole_page: bool) -> list[dict]:
    """axe-core's serious and critical violations (WCAG 2.1 A/AA and best practices).

    ``whole_page`` checks the theme's frame too (navigation bars, sidebars, search button); it is the same
    template on every page, so the fixture checks it on one page of each kind and the main content on all.
    """
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (wholePage) => {
          const scope = wholePage || !document.querySelector("#main-content") ? document : {include: [["#main-content"]]};
          const result = await axe.run(scope, {resultTypes: ["violations"], preload: false});
          return result.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                          first: v.nodes[0].target.join(" "), html: v.nodes[0].html.slice(0, 160)}));
        }""",
        whole_page,
    )


def page_kind(name: str) -> str:
    """book/x.html → book; index.html → index; zh/book/x.html → zh/book (one page of each kind, in each edition,
    gets the whole-page axe check)."""
    if name.startswith("zh/"):
        return "zh/" + page_kind(name[3:])
    return name.split("/")[0] if "/" in name else name


# The text column and every chart's drawn size; whether the page scrolls sideways.
MEASURE_LAYOUT = """
() => {
  const article = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
  const box = article.getBoundingClientRect();
  const style = getComputedStyle(article);
  const column = {left: box.left + parseFloat(style.paddingLeft), right: box.right - parseFloat(style.paddingRight)};
  const charts = Array.from(document.querySelectorAll('div[id^="altair-viz-"]')).map((el) => {
    const parts = Array.from(el.querySelectorAll("svg.marks, canvas.marks, .vega-actions, details, .vega-bindings"));
    const rects = parts.map((p) => p.getBoundingClientRect()).filter((r) => r.width > 0);
    const left = Math.min(...rects.map((r) => r.left)), right = Math.max(...rects.map((r) => r.right));
    const drawn = el.querySelector("svg.marks, canvas.marks");
    return {id: el.id, left, right, width: right - left, drawnWidth: drawn ? drawn.getBoundingClientRect().width : 0};
  });
  return {column: {...column, width: column.right - column.left}, charts,
          pageWidth: document.documentElement.scrollWidth, viewportWidth: window.innerWidth};
}
"""


def phone_layout(context, page, path: Path, kinds: set[str]) -> dict:
    """The page's layout at 390 px: first the open page narrowed (charts that take the column's width
    follow it); if anything sticks out, the page opened afresh at 390 px, as a phone would (the charts
    laid out for a wider column are laid out again)."""
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(400)
    layout = page.evaluate(MEASURE_LAYOUT)
    if _overflowing_charts(layout) or layout["pageWidth"] > layout["viewportWidth"] + 1:
        fresh = open_page(context, path, PageReport(path.name, kinds), PHONE)
        layout = fresh.evaluate(MEASURE_LAYOUT)
        fresh.close()
    return layout


@pytest.fixture(scope="module")
def site_reports(request) -> dict[str, PageReport]:
    sync_playwright = _browser_or_skip()  # before building: no build when the tests skip
    built_book = request.getfixturevalue("built_book")
    reports = {}
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="crmkit-chromium-") as profile:
        context = offline_browser(playwright, profile)
        pages = interactive_pages(built_book)
        probes = []
        if not any(kinds == {"chart"} or kinds == {"chart", "math"} for kinds in pages.values()):
            with_widgets = [page for page, kinds in pages.items() if {"chart", "widget"} <= kinds]
            if with_widgets:
                probes.append(charts_without_widgets(with_widgets[0]))
                pages[probes[0]] = {"chart"}
        whole_page_checked = set()
        try:
            for path, kinds in pages.items():
                report = PageReport(str(path.relative_to(built_book)), kinds)
                page = open_page(context, path, report, DESKTOP)
                report.state = page.evaluate(INSPECT)
                report.layout = page.evaluate(MEASURE_LAYOUT)
                kind = page_kind(report.name) + ("+widget" if "widget" in kinds else "")
                # The Chinese edition (zh/) has the same outputs as the English: the same chart specs (only
                # their descriptions are translated), widgets and math. Each of its pages is opened, drawn and
                # checked like an English one (requests, errors, charts, widgets, math, desktop layout), and
                # axe-core checks one whole page of each kind; the per-page content check and the phone
                # layout, which would repeat the English pages' results, run on the English edition.
                translated = report.name.startswith("zh/")
                if not translated or kind not in whole_page_checked:
                    report.violations = run_axe(page, whole_page=kind not in whole_page_checked)
                whole_page_checked.add(kind)
                if "chart" in kinds and path not in probes and not translated:
                    report.phone_layout = phone_layout(context, page, path, kinds)
                page.close()
                reports[report.name] = report
        finally:
            context.close()
            for probe in probes:
                probe.unlink()
    return reports


@pytest.mark.browser
def test_there_are_chart_and_widget_pages_to_check(site_reports):
    kinds = set().union(*(r.kinds for r in site_reports.values()))
    assert "chart" in kinds, "no built page has an Altair chart: the browser tests would check nothing"
    assert "widget" in kinds, "no built page has an ipywidget: the widget checks would check nothing"


@pytest.mark.browser
def test_no_request_leaves_the_machine(site_reports):
    offending = [
        f"{report.name}: {url}"
        for report in site_reports.values()
        for url in report.requests
        if not url.startswith(LOCAL_SCHEMES)
    ]
    assert not offending, "pages requested resources from other hosts:\n" + "\n".join(sorted(set(offending)))


@pytest.mark.browser
def test_charts_draw_their_marks(site_reports):
    problems = []
    for report in site_reports.values():
        if "chart" not in report.kinds:
            continue
        if not report.settled:
            problems.append(f"{report.name}: charts/widgets did not finish rendering within 20 s")
        for chart in report.state["charts"]:
            where = f"{report.name} #{chart['id']}"
            drew = chart["svgMarks"] > 0 or (chart["canvasSize"] and min(chart["canvasSize"]) > 0)
            if not drew:
                problems.append(f"{where}: no svg marks and no canvas; it shows: {chart['text']!r}")
            if not chart["dataMarkItems"]:
                problems.append(f"{where}: Vega drew no data-mark items ({chart['dataMarkItems']})")
            if chart["inputBindings"] and chart["bindingControls"] == 0:
                problems.append(f"{where}: the chart binds a parameter but no slider/dropdown appeared")
        for phrase in ("Error loading script", "Javascript Error", "JavaScript Error"):
            if phrase in report.state["bodyText"]:
                problems.append(f"{report.name}: the page says {phrase!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_pages_with_params_show_their_controls(site_reports):
    bound = [c for r in site_reports.values() for c in r.state.get("charts", []) if c["inputBindings"]]
    assert bound, "no chart binds a parameter to a slider or dropdown (ch00 should)"
    assert all(c["bindingControls"] > 0 for c in bound)


@pytest.mark.browser
def test_widgets_render_from_saved_state(site_reports):
    problems = []
    for report in site_reports.values():
        if "widget" not in report.kinds:
            continue
        views = report.state["widgetViews"]
        if not views or min(views) == 0:
            problems.append(f"{report.name}: widget views rendered {views} (0 = blank)")
        if report.state["widgetControls"] == 0:
            problems.append(f"{report.name}: no widget control (input/select/slider) in the page")
        if "Error displaying widget" in report.state["bodyText"]:
            problems.append(f"{report.name}: the page says 'Error displaying widget'")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_math_is_typeset_by_the_vendored_mathjax(site_reports):
    problems = []
    for report in site_reports.values():
        if "math" not in report.kinds:
            continue
        state = report.state
        if state["mathTypeset"] == 0:
            problems.append(f"{report.name}: {state['mathSource']} math elements, none typeset by MathJax")
        if state["mathErrors"]:
            problems.append(f"{report.name}: {state['mathErrors']} MathJax errors")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_pages_raise_no_javascript_errors(site_reports):
    errors = [
        f"{report.name}: {error}"
        for report in site_reports.values()
        for error in report.page_errors
    ]
    assert not errors, "uncaught JavaScript errors:\n" + "\n".join(errors)


@pytest.mark.browser
def test_pages_log_no_console_errors(site_reports):
    errors = [f"{report.name}: {error}" for report in site_reports.values() for error in report.console_errors]
    assert not errors, "console errors (fix the cause, do not whitelist):\n" + "\n".join(errors)


@pytest.mark.browser
def test_no_serious_accessibility_violations(site_reports):
    assert len(site_reports) > 50, "axe ran on too few pages"
    problems = [
        f"{report.name}: [{v['impact']}] {v['id']}: {v['help']} ({v['count']}x, e.g. {v['first']}: {v['html']})"
        for report in site_reports.values()
        for v in report.violations
    ]
    assert not problems, "axe-core finds serious/critical violations:\n" + "\n".join(problems)


def _overflowing_charts(layout: dict, tolerance: float = 1.0) -> list[str]:
    column = layout["column"]
    return [
        f"#{chart['id'][-8:]} spans {chart['left']:.0f}–{chart['right']:.0f} px, column {column['left']:.0f}–{column['right']:.0f} px"
        for chart in layout["charts"]
        if chart["left"] < column["left"] - tolerance or chart["right"] > column["right"] + tolerance
    ]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_chart_fits_the_text_column(site_reports, viewport):
    problems, measured = [], 0
    for report in site_reports.values():
        layout = report.layout if viewport == "desktop" else report.phone_layout
        if "chart" not in report.kinds or not layout or ".no-widgets-probe" in report.name:
            continue
        measured += len(layout["charts"])
        problems += [f"{report.name}: {problem}" for problem in _overflowing_charts(layout)]
        if layout["pageWidth"] > layout["viewportWidth"] + 1:
            problems.append(f"{report.name}: the page scrolls sideways ({layout['pageWidth']} px wide at {layout['viewportWidth']} px)")
    assert measured > 20, f"only {measured} charts measured at {viewport} width"
    assert not problems, f"charts wider than the text column at {viewport} width:\n" + "\n".join(problems)


@pytest.mark.browser
def test_the_browser_runs_the_vendored_versions(site_reports):
    chart_pages = [r for r in site_reports.values() if "chart" in r.kinds]
    assert chart_pages
    for report in chart_pages:
        versions = report.state["versions"]
        assert versions == {k: VERSIONS[k] for k in ("vega", "vega-lite", "vega-embed")}, (
            f"{report.name} runs {versions}, _vendor/versions.json lists other versions"
        )
        assert report.state["vegaDebug"] == vega_debug_in_config()


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_desktop(site_reports):
    """Wide tables scroll inside their own box; nothing makes the whole page wider than the window."""
    wide = [f"{r.name}: {r.layout['pageWidth']} px" for r in site_reports.values()
            if r.layout and r.layout["pageWidth"] > r.layout["viewportWidth"] + 1]
    assert not wide, "pages wider than the 1280-px window:\n" + "\n".join(wide)


def test_vendored_axe_core_is_the_listed_version():
    assert re.search(rf'version:\s*"{re.escape(VERSIONS["axe-core"])}"|"{re.escape(VERSIONS["axe-core"])}"',
                     AXE.read_text(encoding="utf-8")), f"_vendor/axe-core/axe.min.js is not axe-core {VERSIONS['axe-core']}"
