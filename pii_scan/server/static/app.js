// pii-scan workplace: the only script (CSP: script-src 'self', no inline script).
// While a search runs, ask for its state every two seconds and reload the page when it is done.
(function () {
  "use strict";
  var el = document.getElementById("search-state");
  if (!el) { return; }
  var state = el.getAttribute("data-state");
  if (state !== "queued" && state !== "running") { return; }
  var url = el.getAttribute("data-state-url");
  var progress = document.getElementById("search-progress");
  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && s.state !== "queued" && s.state !== "running") { window.location.reload(); return; }
        if (s && s.progress) { progress.textContent = s.progress; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
