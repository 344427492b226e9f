// Work in progress keeps itself current: every 3 s it asks for the contact's items and,
// when they changed, swaps in the freshly rendered list. Without JavaScript, Reload does it.
(function () {
  "use strict";
  var list = document.getElementById("wip-list");
  if (!list || !window.fetch) { return; }
  var note = document.querySelector(".live-note");
  if (note) { note.hidden = false; }
  var root = document.querySelector('link[rel="stylesheet"]').getAttribute("href").replace(/\/static\/portal\.css$/, "");
  var last = null;
  function poll() {
    fetch(root + "/api/work-in-progress", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) { window.location.href = root + "/session-ended"; throw new Error("ended"); }
        return response.text();
      })
      .then(function (text) {
        if (last !== null && text !== last) { return refresh(); }
        last = text;
      })
      .catch(function () {})
      .then(function () { window.setTimeout(poll, 3000); });
  }
  function refresh() {
    var url = new URL(window.location.href);
    url.searchParams.set("part", "list");
    return fetch(url.toString(), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("wip-list");
        var current = document.getElementById("wip-list");
        if (fresh && current) {
          current.replaceWith(fresh);
          var status = document.getElementById("live-status");
          if (status) { status.textContent = "Work in progress was updated."; }
        }
        last = null;
      });
  }
  poll();
})();
