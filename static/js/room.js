// Room view: follow the meeting. Polls a cheap endpoint (204 while nothing changed) and
// swaps in the new body when the scribe moves on or types; keeps the clock and the
// time on this patient. A file, not inline script: the strict CSP holds.
(function () {
  "use strict";
  var POLL_MS = 1000;
  var room = document.getElementById("room");
  if (!room) { return; }
  var version = room.dataset.version;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var now = new Date();
    room.querySelectorAll("[data-clock]").forEach(function (el) {
      el.textContent = pad(now.getHours()) + ":" + pad(now.getMinutes());
    });
    room.querySelectorAll("[data-since]").forEach(function (el) {
      var seconds = Math.max(0, Math.floor((now - new Date(el.dataset.since)) / 1000));
      var out = el.querySelector("[data-elapsed]");
      if (out) { out.textContent = Math.floor(seconds / 60) + ":" + pad(seconds % 60); }
      var budget = parseInt(el.dataset.budget, 10);
      el.classList.toggle("room-bar__timer--over", budget > 0 && seconds > budget);
    });
  }

  function poll() {
    fetch(room.dataset.pollUrl + "?v=" + encodeURIComponent(version), {
      credentials: "same-origin", cache: "no-store", headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status === 204) { return null; }
      if (response.status === 404) {
        room.textContent = room.dataset.ended;
        room.dataset.stopped = "1";
        return null;
      }
      if (!response.ok) { return null; }
      version = response.headers.get("X-Room-Version") || version;
      return response.text();
    }).then(function (html) {
      if (html !== null && html !== undefined) {
        room.innerHTML = html;
        room.dataset.version = version;
        tick();
      }
    }).catch(function () { /* offline: try again next time */ })
      .finally(function () {
        if (!room.dataset.stopped) { window.setTimeout(poll, POLL_MS); }
      });
  }

  tick();
  window.setInterval(tick, 1000);
  window.setTimeout(poll, POLL_MS);
})();
