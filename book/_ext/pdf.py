"""The PDF edition: the whole book in one PDF, printed by headless Chromium (``make pdf``).

Steps: build the book as a single HTML page (``jupyter-book build . --builder singlehtml``), open it in
Debian's Chromium (through Playwright, offline), let the charts draw, replace each chart by a PNG image
of itself (with its description as alt text) and hide its controls, add a table of contents, and print
to A4 with page numbers and a PDF outline. Code is wrapped, never cut at the margin; wide tables get a
smaller type. Chinese text needs a CJK font on the machine (Debian: ``fonts-wqy-microhei`` or
``fonts-noto-cjk``; ``.ci/run`` installs the first).

Usage (from the repository root)::

    python book/_ext/pdf.py                  # builds _build/singlehtml, writes _build/pdf/crm-workbook.pdf
    python book/_ext/pdf.py --no-build       # reuse _build/singlehtml
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SINGLEHTML = ROOT / "_build" / "singlehtml"
OUTPUT = ROOT / "_build" / "pdf" / "crm-workbook.pdf"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

PRINT_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html, body { background: #fff !important; }
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-header-article, .bd-footer, .bd-footer-article,
.bd-footer-content, .prev-next-area, .header-article, .headerlink, .toggle-button, .copybtn, .skip-link,
.vega-bindings, .vega-actions, .vega-embed details, #pst-back-to-top, .search-button, .crm-no-print { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-article, .bd-page-width, .bd-container, .bd-container__inner {
  max-width: none !important; width: 100% !important; margin: 0 !important; padding: 0 !important; display: block !important; }
body { font-size: 10.5pt; }
pre, code, .highlight pre, .cell_output pre { white-space: pre-wrap !important; word-break: break-word; overflow-wrap: anywhere; }
pre { font-size: 8.5pt !important; }
.cell_output, .output, .cell_output .output.text_html, .bd-article table { overflow: visible !important; max-width: 100% !important; }
table { display: table !important; width: auto !important; max-width: 100% !important; font-size: 7.5pt; }
td, th { word-break: break-word; padding: 1px 3px !important; }
img { max-width: 100% !important; height: auto; page-break-inside: avoid; }
.crm-chart-image { display: block; max-width: 100%; margin: 0.5rem 0; }
span[id^="document-"] + section, .crm-print-toc { break-before: page; }
h1, h2, h3 { break-after: avoid; }
.crm-print-toc ol { list-style: none; padding-left: 0; }
.crm-print-toc li { margin: 0.15rem 0; }
.crm-print-toc .crm-toc-part { font-weight: bold; margin-top: 0.6rem; }
"""

# Replace each drawn chart by a PNG of itself (2x for print), keeping its description as alt text.
CHARTS_TO_IMAGES = """
async () => {
  const views = window.crmChartViews || [];
  let done = 0;
  for (const {element, view, description} of views) {
    if (!element || !element.isConnected) continue;
    const url = await view.toImageURL("png", 2);
    const image = document.createElement("img");
    image.src = url;
    image.alt = description || "chart";
    image.className = "crm-chart-image";
    const drawn = element.querySelector("svg.marks, canvas.marks");
    const width = drawn ? drawn.getBoundingClientRect().width : view.width();
    image.style.width = Math.round(width) + "px";
    element.replaceChildren(image);
    done += 1;
  }
  return done;
}
"""

# A table of contents: one line per page of the book. In the single-page build each page follows a
# marker <span id="document-<name>"> and is the <section> right after it; the chapter narratives
# (book/...) are set in bold. The front page (the first <section>) stays first.
TABLE_OF_CONTENTS = """
() => {
  const article = document.querySelector("article.bd-article") || document.body;
  const nav = document.createElement("nav");
  nav.className = "crm-print-toc";
  nav.innerHTML = "<h1>Contents</h1>";
  const list = document.createElement("ol");
  const markers = Array.from(article.querySelectorAll('span[id^="document-"]'));
  markers.forEach((marker) => {
    const section = marker.nextElementSibling;
    const heading = section && section.querySelector("h1, h2, h3");
    if (!heading) return;
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + marker.id;
    link.textContent = heading.textContent.replace(/#$/, "").trim();
    item.appendChild(link);
    const name = marker.id.slice("document-".length);
    if (name.startsWith("book/")) item.className = "crm-toc-part";
    if (name.startsWith("datasets/") && name !== "datasets/index") return;  // the data cards: listed on their index page
    list.appendChild(item);
  });
  nav.appendChild(list);
  const first = article.querySelector("section");
  article.insertBefore(nav, first ? first.nextSibling : article.firstChild);
  return markers.length;
}
"""

SETTLED = """
() => Array.from(document.querySelectorAll('div[id^="altair-viz-"]')).every((el) =>
  el.querySelector("svg, canvas") || /error/i.test(el.textContent))
"""


def build_singlehtml() -> None:
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [str(jupyter_book) if jupyter_book.exists() else "jupyter-book", "build", str(ROOT),
               "--builder", "singlehtml", "-W", "--keep-going"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("the single-page build failed or warned:\n" + (result.stdout + result.stderr)[-6000:])


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("no Chromium on PATH: install Debian's chromium (apt-get install chromium)")


def print_pdf(html_root: Path = SINGLEHTML, output: Path = OUTPUT) -> dict:
    """Print the single-page book to ``output``; return counts (charts as images, pages in the ToC)."""
    from playwright.sync_api import sync_playwright

    index = html_root / "index.html"
    if not index.exists():
        raise SystemExit(f"{index} does not exist: build the single page first (without --no-build)")
    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="crmkit-pdf-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium(), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 900, "height": 1200},
        )
        context.set_offline(True)
        try:
            page = context.new_page()
            page.set_default_timeout(180_000)
            page.goto(index.as_uri(), wait_until="load")
            page.wait_for_function(SETTLED, timeout=120_000)
            page.wait_for_timeout(500)
            charts = page.evaluate(CHARTS_TO_IMAGES)
            page.add_style_tag(content=PRINT_CSS)
            pages_in_toc = page.evaluate(TABLE_OF_CONTENTS)
            page.emulate_media(media="print")
            page.pdf(
                path=str(output), format="A4", print_background=True, outline=True, tagged=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;color:#555">'
                    'Customer Relationship Management: an interactive workbook · '
                    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
                ),
                margin={"top": "16mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
            )
        finally:
            context.close()
    return {"charts": charts, "pages_in_toc": pages_in_toc}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="reuse _build/singlehtml")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not args.no_build:
        build_singlehtml()
    counts = print_pdf(SINGLEHTML, args.output)
    print(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}: "
          f"{counts['pages_in_toc']} pages of the book, {counts['charts']} charts as images")


if __name__ == "__main__":
    main()
