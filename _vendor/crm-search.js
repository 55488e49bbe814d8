// Part of this book (not vendored code). Loaded on search.html only, after crm-page-text.js.
// Sphinx's search shows a snippet under each result by fetching the result's page; under file://
// the browser refuses that request, and the results would show titles only. crm-page-text.js
// (written by book/_ext/crm_book.py) holds the prose of every page: answer those requests from it.
(function () {
  "use strict";
  var texts = window.CRM_PAGE_TEXT || {};
  var root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  var originalFetch = window.fetch ? window.fetch.bind(window) : null;
  function escapeHtml(text) {
    return text.replace(/[&<>]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;" }[c]; });
  }
  window.fetch = function (resource, init) {
    var url = new URL(typeof resource === "string" ? resource : resource.url, window.location.href);
    if (url.href.indexOf(root.href) === 0) {
      var docname = url.href.slice(root.href.length).split("#")[0].replace(/\.html$/, "");
      if (Object.prototype.hasOwnProperty.call(texts, docname)) {
        var body = '<div role="main">' + escapeHtml(texts[docname]) + "</div>";
        return Promise.resolve(new Response(body, { headers: { "Content-Type": "text/html" } }));
      }
    }
    return originalFetch ? originalFetch(resource, init) : Promise.reject(new Error("no fetch"));
  };
})();
