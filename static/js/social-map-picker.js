// A care provider row's name chosen from the social map (the datalist of
// socialmap/_picker.html) fills that row's empty contact details. Without JavaScript
// the name is still offered and anything else can be typed.
(function () {
  "use strict";
  if (window.socialMapPicker) return; // loaded again after an htmx swap
  window.socialMapPicker = true;
  document.addEventListener("change", function (event) {
    const name = event.target;
    if (!name.matches || !name.matches('.provider-row input[list="social-map-entries"]')) return;
    const list = document.getElementById("social-map-entries");
    if (!list) return;
    const option = Array.from(list.options).find(function (item) {
      return item.value === name.value;
    });
    const row = name.closest(".provider-row");
    const contact = row && row.querySelector('input[name$="-contact"]');
    if (option && contact && !contact.value.trim()) contact.value = option.dataset.contact;
  });
})();
