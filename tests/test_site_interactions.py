"""The charts' interactions work in the built pages, with no kernel and no network.

For every kind of interaction the book uses, every instance of it on every page is operated in headless
Chromium as a reader would (a slider is moved, a dropdown set, a brush dragged, a legend entry clicked),
and the chart must change: the marks Vega draws (their positions, sizes, colours, opacities, texts)
differ from before. A brush must leave the linked view with marks to show (a filter on a field the
linked data lack would empty it). Marker ``browser``; skipped without Chromium like ``test_site.py``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from test_site import CHART_MARK, SETTLED, _browser_or_skip, built_pages, offline_browser

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

# What a reader sees of one chart: every data-mark item Vega drew (role "mark"), view by view; marks
# whose name is given in `skip` (e.g. the brush rectangle itself) are left out.
SIGNATURE = """
([id, skip]) => {
  const el = document.getElementById(id);
  const captured = (window.__crmkitViews || []).find((v) => v.element === el);
  if (!captured) return null;
  const round = (v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v);
  const items = [];
  const byMark = {};
  let count = 0;
  function walk(mark) {
    if (mark.marktype !== "group" && mark.role === "mark" && !(mark.name && skip.some((s) => mark.name.includes(s)))) {
      byMark[mark.name || mark.marktype] = (byMark[mark.name || mark.marktype] || 0) + (mark.items || []).length;
    }
    for (const item of mark.items || []) {
      if (mark.marktype === "group") { (item.items || []).forEach(walk); continue; }
      if (mark.role !== "mark" || (mark.name && skip.some((s) => mark.name.includes(s)))) continue;
      count += 1;
      items.push([mark.name, round(item.x), round(item.y), round(item.x2), round(item.y2), round(item.width),
                  round(item.height), item.fill, item.stroke, round(item.opacity), round(item.fillOpacity),
                  round(item.strokeOpacity), item.text, round(item.size), item.path ? item.path.length : null].join("|"));
    }
  }
  walk(captured.view.scenegraph().root);
  return {count, byMark, text: items.join("\\n")};
}
"""

# Page coordinates of scenegraph items: the centre of the first item a predicate picks, or a unit
# view's plot area (for a brush), found by mark name.
LOCATE = """
([id, what, name]) => {
  const el = document.getElementById(id);
  const captured = (window.__crmkitViews || []).find((v) => v.element === el);
  const surface = el.querySelector("svg.marks, canvas.marks");
  if (!captured || !surface) return null;
  const view = captured.view;
  const box = surface.getBoundingClientRect();
  const [ox, oy] = view.origin();
  let found = null;
  function walk(mark, dx, dy, groupItem) {
    if (found) return;
    if (what === "brush" && mark.name === name && groupItem) {
      found = {x1: box.left + ox + dx, x2: box.left + ox + dx + groupItem.width,
               y: box.top + oy + dy + groupItem.height / 2};
      return;
    }
    for (const item of mark.items || []) {
      if (what === "legend" && (mark.role === "legend-symbol" || mark.role === "legend-label") && item.bounds) {
        const b = item.bounds;
        found = {x: box.left + ox + dx + (b.x1 + b.x2) / 2, y: box.top + oy + dy + (b.y1 + b.y2) / 2};
        return;
      }
      if (mark.marktype === "group") {
        for (const child of item.items || []) walk(child, dx + (item.x || 0), dy + (item.y || 0), item);
      }
    }
  }
  walk(view.scenegraph().root, 0, 0, null);
  return found;
}
"""

SETTLE_VIEW = """
async (id) => {
  const el = document.getElementById(id);
  const captured = (window.__crmkitViews || []).find((v) => v.element === el);
  if (captured) await captured.view.runAsync();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}
"""

CHART_SPECS = """
() => Array.from(document.querySelectorAll('div[id^="altair-viz-"]')).map((el) => {
  const script = el.nextElementSibling && el.nextElementSibling.tagName === "SCRIPT" ? el.nextElementSibling.textContent : "";
  const brushes = [...script.matchAll(/\\{"name": "([^"]+)", "select": \\{"type": "interval"/g)].map((m) => m[1]);
  return {id: el.id, brushes, legend: /"bind": "legend"/.test(script),
          sliders: el.querySelectorAll('.vega-bindings input[type="range"]').length,
          dropdowns: el.querySelectorAll(".vega-bindings select").length};
})
"""


@dataclass
class Operation:
    page: str
    chart: str
    kind: str          # slider, dropdown, brush, legend
    control: str
    before: dict | None = None
    after: dict | None = None
    error: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.before and self.after and self.before["text"] != self.after["text"])

    def __str__(self) -> str:
        counts = f"{self.before and self.before['count']} → {self.after and self.after['count']} marks"
        return f"{self.page} #{self.chart[-8:]} {self.kind} {self.control!r}: {counts} {self.error}".strip()


def _signature(page, chart_id, skip=()):
    return page.evaluate(SIGNATURE, [chart_id, list(skip)])


def _settle(page, chart_id):
    page.evaluate(SETTLE_VIEW, chart_id)
    page.wait_for_timeout(50)


def _move_slider(slider) -> str:
    """Move a range input to the end farther from its value; return its label."""
    slider.evaluate(
        """(el) => {
          const min = Number(el.min), max = Number(el.max), value = Number(el.value);
          el.value = String(Math.abs(value - max) > Math.abs(value - min) ? max : min);
          el.dispatchEvent(new Event("input", {bubbles: true}));
          el.dispatchEvent(new Event("change", {bubbles: true}));
        }"""
    )
    return ""


def _pick_other_option(select) -> str:
    """Choose another option of a dropdown; return an error if it has only one."""
    current = select.evaluate("(el) => el.value")
    other = [value for value in select.evaluate("(el) => Array.from(el.options).map((o) => o.value)") if value != current]
    if not other:
        return "the dropdown has a single option"
    select.select_option(other[-1])
    return ""


def _operate_bound_inputs(page, name, chart, kind, selector, operate) -> list[Operation]:
    operations = []
    controls = page.locator(f'#{chart["id"]} .vega-bindings {selector}')
    for index in range(controls.count()):
        control = controls.nth(index)
        label = control.evaluate("(el) => (el.closest('.vega-bind') || el).innerText.split('\\n')[0].trim()")
        operation = Operation(name, chart["id"], kind, label, before=_signature(page, chart["id"]))
        operation.error = operate(control)
        _settle(page, chart["id"])
        operation.after = _signature(page, chart["id"])
        operations.append(operation)
    return operations


def operate_sliders(page, name, chart) -> list[Operation]:
    return _operate_bound_inputs(page, name, chart, "slider", 'input[type="range"]', _move_slider)


def operate_dropdowns(page, name, chart) -> list[Operation]:
    return _operate_bound_inputs(page, name, chart, "dropdown", "select", _pick_other_option)


def operate_brushes(page, name, chart) -> list[Operation]:
    operations = []
    for brush in chart["brushes"]:
        skip = [f"{brush}_brush"]
        operation = Operation(name, chart["id"], "brush", brush, before=_signature(page, chart["id"], skip))
        area = page.evaluate(LOCATE, [chart["id"], "brush", f"{brush}_brush"])
        if not area:
            operation.error = "no brushable plot area found"
        else:
            start = area["x1"] + 0.55 * (area["x2"] - area["x1"])
            end = area["x1"] + 0.85 * (area["x2"] - area["x1"])
            page.mouse.move(start, area["y"])
            page.mouse.down()
            page.mouse.move(end, area["y"], steps=6)
            page.mouse.up()
            _settle(page, chart["id"])
        operation.after = _signature(page, chart["id"], skip)
        operations.append(operation)
    return operations


def operate_legends(page, name, chart) -> list[Operation]:
    if not chart["legend"]:
        return []
    operation = Operation(name, chart["id"], "legend", "first entry", before=_signature(page, chart["id"]))
    point = page.evaluate(LOCATE, [chart["id"], "legend", ""])
    if not point:
        operation.error = "no legend entry found"
    else:
        page.mouse.click(point["x"], point["y"])
        _settle(page, chart["id"])
    operation.after = _signature(page, chart["id"])
    return [operation]


@pytest.fixture(scope="module")
def operations(request) -> list[Operation]:
    sync_playwright = _browser_or_skip()
    built_book = request.getfixturevalue("built_book")
    # The English edition's charts: the Chinese edition (zh/) has the same specs (only the descriptions differ);
    # tests/test_site.py opens its pages and checks that every chart draws and shows its controls.
    pages = [p for p in built_pages(built_book) if CHART_MARK.search(p.read_text(encoding="utf-8"))
             and p.relative_to(built_book).parts[0] != "zh"]
    done: list[Operation] = []
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="crmkit-chromium-") as profile:
        context = offline_browser(playwright, profile)
        try:
            for path in pages:
                name = str(path.relative_to(built_book))
                page = context.new_page()
                page.goto(path.as_uri(), wait_until="load")
                page.wait_for_function(SETTLED, timeout=20_000)
                for chart in page.evaluate(CHART_SPECS):
                    if not (chart["sliders"] or chart["dropdowns"] or chart["brushes"] or chart["legend"]):
                        continue
                    page.locator(f'#{chart["id"]}').scroll_into_view_if_needed()
                    for operate in (operate_sliders, operate_dropdowns, operate_brushes, operate_legends):
                        done += operate(page, name, chart)
                page.close()
        finally:
            context.close()
    return done


@pytest.mark.parametrize("kind", ["slider", "dropdown", "brush", "legend"])
def test_operating_a_control_changes_its_chart(operations, kind):
    mine = [op for op in operations if op.kind == kind]
    assert mine, f"no {kind} found on any page: the book uses one (ch00's charts do)"
    unchanged = [str(op) for op in mine if not op.changed or op.error]
    assert not unchanged, f"operating these {kind}s changed nothing in the chart:\n" + "\n".join(unchanged)


def test_a_brush_leaves_the_linked_view_something_to_show(operations):
    """Brushing a part of the range must leave every view that drew marks with marks to draw."""
    brushes = [op for op in operations if op.kind == "brush"]
    assert brushes
    empty = []
    for op in brushes:
        before, after = op.before or {"byMark": {}}, op.after or {"byMark": {}}
        emptied = [name for name, count in before["byMark"].items() if count and not after["byMark"].get(name)]
        if emptied:
            empty.append(f"{op}: {', '.join(emptied)} drew nothing after brushing")
    assert not empty, (
        "after brushing, the linked view draws no marks (does its data carry the field the brush selects, "
        "e.g. the time unit yearmonth_month?):\n" + "\n".join(empty)
    )


# --------------------------------------------------------------------------------------------------
# Search, offline
# --------------------------------------------------------------------------------------------------

SEARCH_RESULTS = """
() => Array.from(document.querySelectorAll("#search-results li")).map((li) => ({
  title: (li.querySelector("a") || li).textContent.trim(),
  snippet: (li.querySelector("p.context") || {textContent: ""}).textContent.trim(),
}))
"""


@pytest.fixture(scope="module")
def search(request):
    """search(query) → the search page's results (title, snippet), opened over file:// with the network off."""
    sync_playwright = _browser_or_skip()
    built_book = request.getfixturevalue("built_book")
    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="crmkit-chromium-") as profile:
        context = offline_browser(playwright, profile)

        def run(query: str) -> list[dict]:
            page = context.new_page()
            page.goto((built_book / "search.html").as_uri() + "?q=" + query, wait_until="load")
            page.wait_for_function("() => /Search finished|did not match/.test(document.body.innerText)", timeout=30_000)
            page.wait_for_timeout(500)  # snippets arrive after the titles
            results = page.evaluate(SEARCH_RESULTS)
            page.close()
            return results

        try:
            yield run
        finally:
            context.close()


def test_search_results_show_snippets_offline(search):
    results = search("retention")
    assert len(results) >= 5
    with_snippet = [r for r in results if "retention" in r["snippet"].lower()]
    assert len(with_snippet) >= 0.8 * len(results), f"results without a snippet: {[r['title'] for r in results if not r['snippet']]}"


@pytest.mark.parametrize("word, whole_term", [("忠诚", "客户忠诚度"), ("满意", "客户满意度"), ("客户关系", "客户关系管理")])
def test_search_finds_chinese_words_inside_longer_terms(search, word, whole_term):
    part, whole = search(word), search(whole_term)
    assert whole, f"searching {whole_term!r} finds nothing"
    assert len(part) >= len(whole), f"{word!r} finds {len(part)} pages, fewer than {whole_term!r} ({len(whole)})"
    assert any(word in r["snippet"] for r in part), f"no snippet shows {word!r}"
