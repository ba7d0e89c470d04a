// The patient form: the care-coordinator rule checked as the user leaves a provider row,
// the date rules (config/date_rules.py, asked of the server) as the user leaves a changed
// date field, focus on a newly added provider row, and the section the user is in sent
// along with a save, so they come back to it. Without JavaScript the save does all this.
(function () {
  "use strict";
  const form = document.getElementById("patient-form");
  if (!form) return;

  function checkCoordinator() {
    const box = document.getElementById("coordinator-check");
    if (!box) return;
    let filled = 0;
    let coordinators = 0;
    form.querySelectorAll(".provider-row").forEach(function (row) {
      const remove = row.querySelector('input[name$="-DELETE"]');
      const name = row.querySelector('input[name$="-name"]');
      if ((remove && remove.checked) || !name || !name.value.trim()) return;
      filled += 1;
      const coordinator = row.querySelector('input[name$="-is_care_coordinator"]');
      if (coordinator && coordinator.checked) coordinators += 1;
    });
    const message = filled && coordinators !== 1 ? box.dataset.message : "";
    box.textContent = message;
    box.hidden = !message;
  }

  function inProviders(event) {
    return event.target.closest && event.target.closest("#providers");
  }
  // Once focus leaves the provider rows (not when it moves between them).
  form.addEventListener("focusout", function (event) {
    const next = event.relatedTarget;
    if (inProviders(event) && !(next && next.closest && next.closest("#providers"))) {
      checkCoordinator();
    }
  });
  form.addEventListener("change", function (event) {
    if (inProviders(event)) checkCoordinator();
  });
  // The server answers with each date field's message, swapped in out of band.
  const typedDates = new WeakMap();
  form.addEventListener("focusin", function (event) {
    if (event.target.type === "date") typedDates.set(event.target, event.target.value);
  });
  form.addEventListener("focusout", function (event) {
    const field = event.target;
    if (field.type !== "date" || typedDates.get(field) === field.value || !window.htmx) return;
    typedDates.set(field, field.value);
    window.htmx.ajax("POST", form.dataset.checkUrl, {
      source: form,
      values: { check_dates: "1" },
      swap: "none",
    });
  });
  document.body.addEventListener("htmx:oobAfterSwap", function (event) {
    const box = event.detail.target;
    const field = box && form.querySelector('[aria-describedby="' + box.id + '"]');
    if (!field) return;
    const invalid = box.textContent.trim() !== "";
    field.setAttribute("aria-invalid", invalid ? "true" : "false");
    field.closest(".form-field").classList.toggle("form-field--invalid", invalid);
  });

  // The section the user works in: a save comes back to it (the redirect to the patient
  // page, or this form again at #section-… when something must be corrected).
  const section = form.querySelector('input[name="section"]');
  form.addEventListener("focusin", function (event) {
    const current = event.target.closest(".form-section");
    if (section && current) section.value = current.id.replace(/^section-/, "");
  });
  form.addEventListener("submit", function () {
    if (section && section.value) {
      form.action = location.pathname + location.search + "#section-" + section.value;
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    // Only after "Add a care provider" (not after a date check, which swaps nothing).
    const detail = event.detail;
    const trigger = detail.requestConfig && detail.requestConfig.elt;
    const added =
      (trigger && trigger.name === "add_provider") || (detail.target && detail.target.id === "providers");
    if (!added) return;
    const rows = form.querySelectorAll(".provider-row");
    const last = rows[rows.length - 1];
    const name = last && last.querySelector('input[name$="-name"]');
    if (name) name.focus();
    checkCoordinator();
  });
})();
