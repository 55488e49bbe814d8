// Part of this book (not vendored code). Loaded on every page right after vega-embed (see
// _config.yml). Altair writes each chart for a notebook's width; a page has a text column of about
// 690 px on a desktop and 360 px on a phone. Before vega-embed draws a chart, this script adapts
// the chart's Vega-Lite spec to the column it sits in, without changing its data or interactions:
//   * legible text: axis, legend, header and title font sizes of at least 12 px (unless the chart sets them);
//   * a single view (one mark or a layer) takes the column's width ("container") and, in a narrow
//     column, puts its legend below the plot;
//   * side-by-side views (hconcat) that do not fit are stacked; facets and repeats wrap into as many
//     columns as fit; views inside a composite are narrowed to fit the column.
// It also marks the ipywidgets of a static page as inert (see the note crm_book.py puts above them).
(function () {
  "use strict";
  // The labels this script adds, in the page's language (the Chinese edition is <html lang="zh-CN">).
  var CHINESE = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0;
  var LABELS = CHINESE ? {
    widget: "保存的小部件状态（需要运行中的笔记本）",
    chartActions: "图表操作：保存为图片、查看源代码",
    subPages: "显示或隐藏子页面"
  } : {
    widget: "Saved widget state (needs a running notebook)",
    chartActions: "Chart actions: save as image, view source",
    subPages: "Show or hide the sub-pages"
  };

  var LEGIBLE = {
    axis: { labelFontSize: 12, titleFontSize: 13 },
    legend: { labelFontSize: 12, titleFontSize: 13, labelLimit: 260 },
    header: { labelFontSize: 12, titleFontSize: 13 },
    title: { fontSize: 15, subtitleFontSize: 13 },
    text: { fontSize: 12 },
    // The chart's description (its alt text) names the chart for screen readers; marks are not
    // announced one by one (Vega would give rules and areas an ARIA role without a name).
    mark: { aria: false },
  };
  var NARROW = 560;        // px of column below which legends go under the plot
  var AXIS_ROOM = 110;     // px a view needs beside its plot for its y axis, title and padding
  var LEGEND_ROOM = 140;   // px a legend on the right takes
  var MIN_CELL = 200;      // px: the narrowest facet cell worth a column of its own
  var FACET_AXIS_ROOM = 70;  // px beside each facet cell for its axis and spacing
  var COMPOSITE = ["hconcat", "vconcat", "concat", "facet", "repeat"];

  function isObject(value) { return value && typeof value === "object" && !Array.isArray(value); }

  // Fill in defaults without overriding what the chart sets.
  function fill(target, defaults) {
    Object.keys(defaults).forEach(function (key) {
      if (target[key] === undefined) target[key] = JSON.parse(JSON.stringify(defaults[key]));
      else if (isObject(target[key]) && isObject(defaults[key])) fill(target[key], defaults[key]);
    });
    return target;
  }

  function facetChannels(spec) {
    var enc = spec.encoding || {};
    return enc.row || enc.column || enc.facet;
  }

  function isSingleView(spec) {
    return (spec.mark || spec.layer) && !COMPOSITE.some(function (k) { return k in spec; }) && !facetChannels(spec);
  }

  // Does the view draw a legend? A colour, shape, size... channel with a field and a legend not turned off.
  function hasLegend(spec) {
    var found = false;
    function look(encoding) {
      ["color", "fill", "stroke", "shape", "size", "opacity", "strokeDash"].forEach(function (channel) {
        var def = encoding && encoding[channel];
        if (isObject(def) && def.field && def.legend !== null) found = true;
      });
    }
    look(spec.encoding);
    (spec.layer || []).forEach(function (layer) { look(layer.encoding); });
    return found;
  }

  function viewWidth(spec, config) {
    if (typeof spec.width === "number") return spec.width;
    var view = (config && config.view) || {};
    return view.continuousWidth || view.width || 300;
  }

  // Narrow one view (inside a composite) so that it fits `room` px with its axes.
  function narrow(spec, room, config) {
    if (isSingleView(spec)) {
      var need = viewWidth(spec, config) + AXIS_ROOM + (hasLegend(spec) ? LEGEND_ROOM : 0);
      if (need > room) spec.width = Math.max(120, room - AXIS_ROOM - (hasLegend(spec) ? LEGEND_ROOM : 0));
      return;
    }
    adaptComposite(spec, room, config);
  }

  function adaptComposite(spec, room, config) {
    if (spec.hconcat) {
      var total = spec.hconcat.reduce(function (sum, view) {
        return sum + viewWidth(view, config) + AXIS_ROOM + (hasLegend(view) ? LEGEND_ROOM : 0);
      }, 0);
      if (total > room) {
        spec.vconcat = spec.hconcat;
        delete spec.hconcat;
      }
    }
    ["hconcat", "vconcat", "concat"].forEach(function (key) {
      if (!spec[key]) return;
      var share = key === "hconcat" ? room / spec[key].length : room;
      spec[key].forEach(function (view) { narrow(view, share, config); });
      if (key === "concat") spec.columns = 1;
    });
    // Facets by the encoding's column channel become wrapped facets.
    if (spec.encoding && spec.encoding.column && !spec.encoding.row && !spec.encoding.facet) {
      spec.encoding.facet = spec.encoding.column;
      delete spec.encoding.column;
    }
    if (spec.facet && spec.facet.column && !spec.facet.row && spec.spec) {
      spec.facet = spec.facet.column;
    }
    var cellSpec = spec.spec || spec;
    if (spec.facet || spec.repeat || (spec.encoding && spec.encoding.facet)) {
      // As many columns as fit cells of at least MIN_CELL px (each with its own axis), no more than the
      // chart asked for; the cells then share the column's width, up to the width the chart gave them.
      var legendRoom = hasLegend(cellSpec) ? LEGEND_ROOM : 0;
      var asked = (spec.encoding && spec.encoding.facet && spec.encoding.facet.columns) || spec.columns ||
        (Array.isArray(spec.repeat) ? spec.repeat.length : 99);
      var columns = Math.max(1, Math.min(asked, Math.floor((room - legendRoom) / (MIN_CELL + FACET_AXIS_ROOM))));
      var cell = Math.min(viewWidth(cellSpec, config), Math.floor((room - legendRoom) / columns) - FACET_AXIS_ROOM);
      cellSpec.width = Math.max(100, cell);
      if (spec.encoding && spec.encoding.facet) {
        spec.encoding.facet.columns = columns;
      } else if (Array.isArray(spec.repeat) || spec.facet) {
        spec.columns = columns;
      }
      if (spec.spec) adaptComposite(spec.spec, room, config);
    }
  }

  // Break a long title into lines that fit `room` px (a Vega-Lite title may be an array of lines).
  function wrapTitle(view, room) {
    var title = view.title;
    var text = typeof title === "string" ? title : (isObject(title) && typeof title.text === "string" ? title.text : null);
    var perLine = Math.max(16, Math.floor(room / 8.5));
    if (!text || text.length <= perLine) return;
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > perLine) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    if (typeof title === "string") view.title = lines; else title.text = lines;
  }

  function wrapTitles(spec, room) {
    wrapTitle(spec, room);
    ["hconcat", "vconcat", "concat", "layer"].forEach(function (key) {
      (spec[key] || []).forEach(function (view) { wrapTitles(view, room); });
    });
    if (spec.spec) wrapTitles(spec.spec, room);
  }

  function adapt(spec, element) {
    if (!isObject(spec) || !spec.$schema || !/vega-lite/.test(spec.$schema)) return spec;
    spec = JSON.parse(JSON.stringify(spec));
    spec.config = fill(spec.config || {}, LEGIBLE);
    var column = element.parentElement || element;
    var room = Math.floor(column.getBoundingClientRect().width) || 680;
    wrapTitles(spec, room - 60);
    if (room < NARROW) {
      AXIS_ROOM = 160;  // long category labels (e.g. scenario names) take more of a narrow column
      fill(spec.config, { legend: { orient: "bottom", direction: "horizontal", columns: 2, labelLimit: 150 },
                          axis: { labelLimit: 120 } });
    }
    if (isSingleView(spec)) {
      spec.width = "container";
      if (!spec.autosize) spec.autosize = { type: "fit-x", contains: "padding" };
      element.classList.add("crm-chart-fluid");
    } else {
      adaptComposite(spec, room - 70, spec.config);  // vega-embed's action menu sits to the right
    }
    return spec;
  }

  // A selection's brush rectangle gets an ARIA role but no name from Vega (config.mark.aria does not
  // reach it); it is decoration: the chart's description names the chart.
  function unnamedMarksAreDecorative(el) {
    el.querySelectorAll('svg.marks [role="graphics-symbol"]:not([aria-label])').forEach(function (mark) {
      mark.removeAttribute("role");
      mark.removeAttribute("aria-roledescription");
      mark.setAttribute("aria-hidden", "true");
    });
  }

  // Last resort, for a composite chart still wider than its column after adapt(): scale the drawing
  // down (its text shrinks a little) rather than let it stick out of the column.
  function shrinkToFit(el) {
    var drawn = el.querySelector("svg.marks, canvas.marks");
    var column = el.parentElement;
    if (!drawn || !column || el.classList.contains("crm-chart-fluid")) return;
    var actions = el.querySelector(".vega-actions, details");
    var room = column.getBoundingClientRect().width - (actions ? actions.getBoundingClientRect().width + 10 : 0);
    var width = drawn.getBoundingClientRect().width, height = drawn.getBoundingClientRect().height;
    if (width <= room || !width) return;
    if (drawn.tagName.toLowerCase() === "svg" && !drawn.getAttribute("viewBox")) {
      drawn.setAttribute("viewBox", "0 0 " + width + " " + height);
    }
    drawn.style.width = Math.floor(room) + "px";
    drawn.style.height = "auto";
    el.classList.add("crm-chart-shrunk");
  }

  function wrapEmbed(original) {
    var wrapped = function (element, spec, options) {
      var el = typeof element === "string" ? document.querySelector(element) : element;
      var adapted = spec;
      try {
        adapted = adapt(spec, el);
      } catch (error) {
        console.warn("crm-site.js could not adapt a chart; drawing it as written", error);
      }
      return original(element, adapted, options).then(function (result) {
        if (el) { nameControls(el); shrinkToFit(el); unnamedMarksAreDecorative(el); }
        // Kept for the PDF edition (book/_ext/pdf.py prints each chart as an image of itself).
        window.crmChartViews.push({ element: el, view: result.view, description: spec && spec.description });
        return result;
      });
    };
    Object.assign(wrapped, original);
    wrapped.crmAdapted = true;
    return wrapped;
  }

  window.crmChartViews = window.crmChartViews || [];
  if (window.vegaEmbed && !window.vegaEmbed.crmAdapted) window.vegaEmbed = wrapEmbed(window.vegaEmbed);
  window.crmAdaptChartSpec = adapt;  // for the browser tests

  // Static ipywidgets: once a widget has been drawn (between the note and its view script), make it inert.
  function freezeWidgets() {
    document.querySelectorAll(".crm-widget-note").forEach(function (note) {
      var area = note.nextElementSibling;
      if (area && area.tagName !== "SCRIPT" && !area.inert) {
        area.inert = true;
        area.classList.add("crm-widget-static");
        area.setAttribute("role", "group");
        area.setAttribute("aria-label", LABELS.widget);
      }
    });
  }
  // Accessible names. The theme's search buttons show "Search Ctrl+K" but are labelled "Search"
  // (the visible text must be part of the name): let their text name them. Disclosure triangles
  // (<summary> with an icon only: the navigation's sub-page toggles, vega-embed's action menu) get a name.
  function decorative(svg) {
    if (!svg) return;
    svg.querySelectorAll("title").forEach(function (title) { title.remove(); });
    svg.removeAttribute("aria-labelledby");
    svg.removeAttribute("role");
    svg.setAttribute("aria-hidden", "true");
  }

  function nameControls(scope) {
    scope.querySelectorAll("button.search-button__button[aria-label]").forEach(function (button) {
      if (button.innerText.trim()) button.removeAttribute("aria-label");
    });
    // Controls whose visible text is not part of their aria-label (the theme's search buttons show
    // "Search Ctrl+K", the solution toggles show "Show solution" but say "Toggle hidden content"): let
    // their visible text name them.
    scope.querySelectorAll("button[aria-label], summary[aria-label]").forEach(function (control) {
      var visible = control.innerText.replace(/\s+/g, " ").trim().toLowerCase();
      var label = control.getAttribute("aria-label").toLowerCase();
      if (visible && label.indexOf(visible) < 0) control.removeAttribute("aria-label");
    });
    // The colour-mode button's icons (Font Awesome, drawn as <svg role="img"> with a <title>) are
    // decorative: their titles ("Light", "Dark") would count as visible text missing from its name.
    scope.querySelectorAll(".theme-switch-button svg").forEach(decorative);
    scope.querySelectorAll("summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) return;
      var actions = summary.closest(".vega-actions, .vega-embed");
      summary.setAttribute("aria-label", actions ? LABELS.chartActions : LABELS.subPages);
    });
  }
  window.crmNameControls = nameControls;

  // A wide table scrolls inside its own box (crm-site.css); keyboard users must be able to reach it.
  function focusableScrollers() {
    document.querySelectorAll(".cell_output .output.text_html").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  window.addEventListener("load", focusableScrollers);
  window.addEventListener("resize", focusableScrollers);
  window.addEventListener("load", function () { setTimeout(function () { nameControls(document); }, 0); });

  document.addEventListener("DOMContentLoaded", function () {
    nameControls(document);
    // Font Awesome turns the icons into <svg> whenever it runs: keep them decorative.
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      new MutationObserver(function () { button.querySelectorAll("svg[role], svg title").forEach(function (node) {
        decorative(node.tagName.toLowerCase() === "svg" ? node : node.closest("svg"));
      }); }).observe(button, { childList: true, subtree: true });
    });
    if (!document.querySelector(".crm-widget-note")) return;
    new MutationObserver(freezeWidgets).observe(document.body, { childList: true, subtree: true });
    freezeWidgets();
  });
})();
