// Nothing typed is lost (docs/meeting-mode.md). Every change to a meeting-mode form is
// written to localStorage at once, as the form's whole state, until the server confirms
// it. New rows (form[data-new-row]) get a random key on their first keystroke and are
// sent from then on: the server creates the row once and updates it afterwards. Entries
// are sent in the order they were typed; without a connection they wait ("niet
// opgeslagen — wordt opnieuw geprobeerd") and survive a reload; when the page is hidden
// or closed they go out as beacons, which carry the CSRF token in their body.
(function () {
  "use strict";
  if (window.keepTyped) { return; }
  window.keepTyped = true;

  var PREFIX = "mdo-typed:";
  var DEBOUNCE_MS = 400;
  var RETRY_MS = parseInt(window.localStorage.getItem("mdo-retry-ms") || "3000", 10);
  var SKIP = { csrfmiddlewaretoken: true, version: true };
  var status = document.querySelector("[data-typed-status]");
  var sending = false;
  var timers = {};

  function serialise(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function comparable(body) {
    var params = new URLSearchParams(body);
    Object.keys(SKIP).forEach(function (name) { params.delete(name); });
    params.sort();
    return params.toString();
  }

  function urlOf(form) {
    return form.dataset.newRow || form.getAttribute("hx-post") || form.action;
  }

  function idOf(form) {
    var key = form.querySelector("input[name=row_key]");
    return PREFIX + urlOf(form) + "|" + (key ? key.value : "");
  }

  function entries() {
    var list = [];
    for (var i = 0; i < window.localStorage.length; i++) {
      var id = window.localStorage.key(i);
      if (id && id.indexOf(PREFIX) === 0) {
        try { list.push(Object.assign({ id: id }, JSON.parse(window.localStorage.getItem(id)))); }
        catch (e) { window.localStorage.removeItem(id); }
      }
    }
    return list.sort(function (a, b) { return a.seq - b.seq; });
  }

  function nextSeq() {
    var seq = parseInt(window.localStorage.getItem("mdo-typed-seq") || "0", 10) + 1;
    window.localStorage.setItem("mdo-typed-seq", String(seq));
    return seq;
  }

  function remember(form) {
    var key = form.querySelector("input[name=row_key]");
    if (key && !key.value) { key.value = window.crypto.randomUUID(); }
    var id = idOf(form);
    var known = window.localStorage.getItem(id);
    var seq = known ? JSON.parse(known).seq : nextSeq();
    window.localStorage.setItem(id, JSON.stringify({
      url: urlOf(form), body: serialise(form), seq: seq, own: !!form.dataset.newRow
    }));
  }

  function token() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function withToken(body) {
    var params = new URLSearchParams(body);
    if (token()) { params.set("csrfmiddlewaretoken", token()); }
    return params.toString();
  }

  function say(offline) {
    if (status) {
      status.textContent = offline ? status.dataset.offline : "";
      status.hidden = !offline;
    }
  }

  // Sends the entries this script owns (new rows, and anything whose form is not on
  // this page) one after the other, in typing order; stops at the first network error.
  function flush() {
    if (sending) { return; }
    var queue = entries().filter(function (entry) { return entry.own; });
    if (!queue.length) { say(false); return; }
    sending = true;
    var entry = queue[0];
    fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": token() },
      body: withToken(entry.body)
    }).then(function (response) {
      var current = window.localStorage.getItem(entry.id);
      // Drop it if nothing was typed meanwhile; a refusal (4xx) is not retried.
      if (response.ok || (response.status >= 400 && response.status < 500)) {
        if (current && JSON.parse(current).body === entry.body) {
          window.localStorage.removeItem(entry.id);
        }
      } else {
        throw new Error("server " + response.status);
      }
      sending = false;
      flush();
    }).catch(function () {
      sending = false;
      say(true);
      window.setTimeout(flush, RETRY_MS);
    });
  }

  function scheduled(form) {
    var id = idOf(form);
    window.clearTimeout(timers[id]);
    timers[id] = window.setTimeout(flush, DEBOUNCE_MS);
  }

  function onChange(event) {
    var form = event.target.closest && event.target.closest("form");
    if (!form || !form.closest(".meeting-mode")) { return; }
    if (form.dataset.newRow) {
      remember(form);
      scheduled(form);
    } else if (form.hasAttribute("hx-post")) {
      remember(form);
    }
  }
  document.addEventListener("input", onChange, true);
  document.addEventListener("change", onChange, true);

  // An htmx save came back: forget the entry if the form has not changed since.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    if (!form || !event.detail.successful) { return; }
    var id = idOf(form);
    var known = window.localStorage.getItem(id);
    if (known && comparable(JSON.parse(known).body) === comparable(serialise(form))) {
      window.localStorage.removeItem(id);
    }
  });

  function firstField(form) {
    return form.querySelector("input:not([type=hidden]), textarea, select");
  }

  // A copy of a new-row form, emptied back to its defaults, with ids of its own.
  function emptyCopy(form) {
    var copy = form.cloneNode(true);
    var suffix = "-" + (document.querySelectorAll("form[data-next-row]").length + 1);
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (element) {
      element.id += suffix;
    });
    Array.prototype.forEach.call(copy.querySelectorAll("label[for]"), function (label) {
      label.htmlFor += suffix;
    });
    return copy;
  }

  // Enter (or the button) in an agreement row: the row is saved already, or queued; an
  // empty row opens below it with its description focused, so the next one is typed at
  // once. Enter in a row that is still empty does nothing.
  function nextRow(form) {
    var last = form;
    while (last.nextElementSibling && last.nextElementSibling.matches("form[data-next-row]")) {
      last = last.nextElementSibling;
    }
    if (last !== form && !last.querySelector("input[name=row_key]").value) {
      firstField(last).focus();
      return;
    }
    var copy = emptyCopy(last);
    last.after(copy);
    copy.reset();
    copy.querySelector("input[name=row_key]").value = "";
    firstField(copy).focus();
  }

  // Other new-row forms' buttons (attention points): the row is already there; show it
  // in the list.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.newRow) { return; }
    event.preventDefault();
    if (form.hasAttribute("data-next-row")) {
      if (firstField(form).value.trim()) {
        remember(form);
        flush();
        nextRow(form);
      }
      return;
    }
    remember(form);
    var wait = window.setInterval(function () {
      if (!entries().some(function (e) { return e.own; })) {
        window.clearInterval(wait);
        window.location.reload();
      }
    }, 100);
    flush();
  });

  function beacons() {
    entries().forEach(function (entry) {
      var blob = new Blob([withToken(entry.body)], { type: "application/x-www-form-urlencoded" });
      navigator.sendBeacon(entry.url, blob);
    });
  }
  window.addEventListener("pagehide", beacons);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { beacons(); }
  });
  window.addEventListener("online", flush);
  window.meetingFlush = beacons;

  // After a reload: put unsaved text back into its form, or send it on.
  function restore() {
    entries().forEach(function (entry) {
      var form = Array.prototype.find.call(document.querySelectorAll("form"), function (f) {
        return !f.dataset.newRow && f.hasAttribute("hx-post") && urlOf(f) === entry.url;
      });
      if (!form) {
        if (!entry.own) {
          entry.own = true;
          window.localStorage.setItem(entry.id, JSON.stringify({
            url: entry.url, body: entry.body, seq: entry.seq, own: true
          }));
        }
        return;
      }
      if (comparable(entry.body) === comparable(serialise(form))) {
        window.localStorage.removeItem(entry.id);
        return;
      }
      var params = new URLSearchParams(entry.body);
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || SKIP[field.name]) { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = params.getAll(field.name).indexOf(field.value) !== -1;
        } else if (params.has(field.name) && "value" in field) {
          field.value = params.get(field.name);
        }
      });
      window.htmx.trigger(form, "retry");
    });
    flush();
  }
  // After htmx has set up the forms (it starts on DOMContentLoaded).
  window.addEventListener("load", restore);
})();
