// Work in progress keeps itself current: every 3 s it asks the server for the list as it is
// now and swaps it in when its version differs from the one on screen. Without JavaScript,
// the page's Reload link does the same.
(function () {
  "use strict";
  if (!document.getElementById("wip-list") || !window.fetch || !window.DOMParser) { return; }
  var note = document.querySelector(".live-note");
  if (note) { note.hidden = false; }
  var root = document.querySelector('link[rel="stylesheet"]').getAttribute("href").replace(/\/static\/portal\.css$/, "");
  var url = new URL(window.location.href);
  url.searchParams.set("part", "list");
  function poll() {
    fetch(url.toString(), { credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) {
          window.location.href = root + "/session-ended";
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("wip-list");
        var current = document.getElementById("wip-list");
        if (fresh && current && fresh.getAttribute("data-version") !== current.getAttribute("data-version")) {
          current.replaceWith(document.importNode(fresh, true));
          var status = document.getElementById("live-status");
          if (status) { status.textContent = "Work in progress was updated."; }
        }
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 3000);
})();
