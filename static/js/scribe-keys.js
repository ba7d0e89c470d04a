// Keyboard shortcuts of the scribe's screen (listed on the screen, meetings/room/_scribe_bar).
// Alt+↓/↑: next/previous patient (the room follows); Alt+Shift+D: discussed; Alt+Shift+A: advice;
// Alt+Shift+N: new agreement (listed beside the agreements, templates/meetings/run/item.html).
(function () {
  "use strict";
  if (window.scribeKeys) { return; }
  window.scribeKeys = true;

  function submit(id) {
    var form = document.getElementById(id);
    if (!form) { return; }
    if (window.meetingFlush) { window.meetingFlush(); }
    form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var handled = true;
    if (key === "ArrowDown" && !event.shiftKey) {
      submit("room-next");
    } else if (key === "ArrowUp" && !event.shiftKey) {
      submit("room-previous");
    } else if (event.shiftKey && (key === "d" || event.code === "KeyD")) {
      var box = document.getElementById("id_discussed");
      if (box) {
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } else if (event.shiftKey && (key === "a" || event.code === "KeyA")) {
      var advice = document.getElementById("id_advice");
      if (advice) { advice.focus(); }
    } else if (event.shiftKey && (key === "n" || event.code === "KeyN")) {
      // The last agreement row is the empty one (Enter in a filled row adds it).
      var rows = document.querySelectorAll("form[data-next-row]");
      var what = rows.length && rows[rows.length - 1].querySelector("input[name=new-what]");
      if (what) { what.focus(); }
    } else {
      handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
})();
