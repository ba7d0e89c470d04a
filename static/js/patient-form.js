// The patient form: the care-coordinator rule checked as the user leaves a provider row
// (the server checks it again on save), and focus on a newly added provider row.
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
  document.body.addEventListener("htmx:afterSwap", function () {
    const rows = form.querySelectorAll(".provider-row");
    const last = rows[rows.length - 1];
    const name = last && last.querySelector('input[name$="-name"]');
    if (name) name.focus();
    checkCoordinator();
  });
})();
