// Meeting mode autosave around htmx: show what happens, keep retrying when offline.
// Loaded as a file (no inline script), so the strict Content-Security-Policy holds.
(function () {
  "use strict";

  function statusOf(element) {
    const form = element && element.closest("form");
    return form ? form.querySelector(".save-status") : null;
  }

  function say(element, key) {
    const status = statusOf(element);
    if (status && status.dataset[key]) {
      status.textContent = status.dataset[key];
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    say(event.detail.elt, "saving");
  });

  // A refused save (stale version, closed meeting, bad input) carries a message to show.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const code = event.detail.xhr.status;
    if (code === 400 || code === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // No connection or a server error: the text stays in the field; try again shortly.
  function retryLater(event) {
    const form = event.detail.elt.closest("form");
    say(event.detail.elt, "offline");
    if (form && !form.dataset.retrying) {
      form.dataset.retrying = "1";
      window.setTimeout(function () {
        delete form.dataset.retrying;
        window.htmx.trigger(form, "retry");
      }, 3000);
    }
  }
  // Advice written for a patient means the patient was discussed: the first words tick
  // "Besproken" (visibly, saved with the advice) unless the scribe set it themselves or
  // the advice was already there.
  function discussedBox() {
    return document.getElementById("id_discussed");
  }
  document.addEventListener("DOMContentLoaded", function () {
    const advice = document.getElementById("id_advice");
    const box = discussedBox();
    if (box && advice && advice.value.trim()) {
      box.dataset.touched = "1";
    }
  });
  document.addEventListener("change", function (event) {
    if (event.target === discussedBox()) {
      event.target.dataset.touched = "1";
    }
  }, true);
  document.addEventListener("input", function (event) {
    const box = discussedBox();
    if (event.target.id === "id_advice" && box && !box.dataset.touched && event.target.value.trim()) {
      box.checked = true;
      box.dataset.touched = "1";
    }
  }, true);

  document.addEventListener("htmx:sendError", retryLater);
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status >= 500) {
      retryLater(event);
    }
  });
})();
