"""The PDF edition (``make pdf``): one file with the whole book, readable on paper.

It is built once per session by ``book/_ext/pdf.py`` (single-page HTML build printed by headless Chromium)
and read back with pypdf: enough pages, every page of the book (chapter narratives, labs, exercise sets)
present by title, a contents list and a PDF outline, page numbers in the footer, Chinese text in an
embedded CJK font, and the charts as images. Set ``CRMKIT_PDF_BUILT=1`` to reuse ``_build/pdf``.
Skipped without Chromium, unless ``CRMKIT_REQUIRE_BROWSER=1`` (``.ci/run``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_site import _browser_or_skip

ROOT = Path(__file__).resolve().parent.parent
PDF = ROOT / "_build" / "pdf" / "crm-workbook.pdf"
pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

CJK_FONT = re.compile(r"CJK|WenQuanYi|WQY|MicroHei|ZenHei|Noto ?Sans ?(SC|TC|JP)|Droid ?Sans ?Fallback|Song|Ming|Hei", re.I)


def page_titles() -> dict[str, str]:
    """Title of every page in the table of contents (first heading of a Markdown page, first Markdown heading of a notebook)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc["parts"]:
        walk(part["chapters"])
    titles = {}
    for name in files:
        for suffix in (".md", ".ipynb"):
            path = ROOT / f"{name}{suffix}"
            if not path.exists():
                continue
            if suffix == ".md":
                text = path.read_text(encoding="utf-8")
            else:
                cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
                text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
            heading = re.search(r"^# (.+)$", text, re.M)
            if heading:
                titles[name] = heading.group(1).strip()
    return titles


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u00ad", "")


@pytest.fixture(scope="module")
def pdf():
    _browser_or_skip()
    import pypdf

    if not (os.environ.get("CRMKIT_PDF_BUILT") == "1" and PDF.exists()):
        result = subprocess.run([sys.executable, str(ROOT / "book" / "_ext" / "pdf.py")], cwd=ROOT,
                                capture_output=True, text=True)
        assert result.returncode == 0, f"make pdf failed:\n{(result.stdout + result.stderr)[-6000:]}"
    reader = pypdf.PdfReader(str(PDF))
    texts = [page.extract_text() or "" for page in reader.pages]
    return reader, texts


def test_the_pdf_has_the_whole_book(pdf):
    reader, texts = pdf
    assert len(reader.pages) >= 150, f"only {len(reader.pages)} pages: the book is longer"
    whole = normalise(" ".join(texts))
    missing = [f"{name}: {title!r}" for name, title in page_titles().items() if normalise(title)[:30] not in whole]
    assert not missing, "pages of the book missing from the PDF:\n" + "\n".join(missing)


def test_the_pdf_has_contents_an_outline_and_page_numbers(pdf):
    reader, texts = pdf
    assert any("Contents" in text for text in texts[:3]), "no contents list on the first pages"
    assert len(reader.outline) >= 8, f"the PDF outline has {len(reader.outline)} entries"
    total = len(reader.pages)
    numbered = [i for i, text in enumerate(texts) if re.search(rf"\b{i + 1} / {total}\b", text)]
    assert len(numbered) >= 0.95 * total, f"only {len(numbered)} of {total} pages carry 'n / {total}' in the footer"


def test_chinese_text_is_set_in_a_cjk_font(pdf):
    reader, texts = pdf
    whole = "".join(texts)
    assert "客户关系管理" in whole and "客户满意度" in whole, "Chinese terms are missing from the PDF's text"
    fonts = set()
    for page in reader.pages[:40]:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any(CJK_FONT.search(name) for name in fonts), (
        f"no CJK font embedded (fonts: {sorted(fonts)}): Chinese would print as empty boxes; "
        f"install fonts-wqy-microhei or fonts-noto-cjk"
    )


def test_charts_are_printed_as_images(pdf):
    reader, _ = pdf
    charts = sum(len(re.findall(r'<div id=\\"altair-viz-', p.read_text(encoding="utf-8")))
                 for p in (ROOT / "notebooks").glob("*.ipynb"))
    images = sum(len(page.images) for page in reader.pages)
    assert images >= min(charts, 30), f"{images} images in the PDF, the labs have {charts} charts"
