// Part of this book (not vendored code). Loaded only on pages that carry ipywidgets state, by
// myst-nb's nb_ipywidgets_js (see _config.yml), right after require.js and before embed-amd.js.
(function () {
  // Resolve AMD module names against this site's own _static/ folder, never a CDN.
  // <html data-content_root="../"> is written by Sphinx on every page.
  var staticRoot = (document.documentElement.dataset.content_root || "./") + "_static/";
  require.config({
    baseUrl: staticRoot,
    // embed-amd.js computes the URL of its icon fonts from its module names: map them to the
    // vendored folder so the fonts load from _static/jupyter-widgets/.
    paths: {
      "@jupyter-widgets": "jupyter-widgets",
      "@jupyter-widgets/html-manager/dist": "jupyter-widgets"
    }
  });

  // vega, vega-lite and vega-embed were loaded earlier as plain scripts (they set globals).
  // Once require.js is on the page, Altair's chart template asks require() for "vega-embed",
  // with its CDN paths: define the three modules here so require() answers from the page.
  define("vega", [], function () { return window.vega; });
  define("vega-lite", [], function () { return window.vegaLite; });
  define("vega-embed", [], function () { return window.vegaEmbed; });

  // ipywidgets 8 typesets widget labels with the MathJax 2 call MathJax.Hub.Queue(["Typeset", hub, el]);
  // the book loads MathJax 3 (on pages with math), which has no Hub. Translate the call. This
  // listener is registered before embed-amd.js's own "load" listener, so it runs first.
  window.addEventListener("load", function () {
    var mathjax = window.MathJax;
    if (mathjax && !mathjax.Hub) {
      mathjax.Hub = {
        Queue: function (command) {
          var element = command && command[2];
          if (element && mathjax.typesetPromise) {
            mathjax.typesetPromise([element]).catch(function (error) { console.warn(error); });
          }
        }
      };
    }
  });
})();
