/* Fill the completion-record form from the answers kept on this phone. */
(function () {
  "use strict";
  var form = document.querySelector("[data-record-form]");
  if (!form) return;
  var progress;
  try {
    progress = JSON.parse(localStorage.getItem("hocvuso.progress") || "{}") || {};
  } catch (e) {
    return;
  }
  var course = form.getAttribute("data-course");
  var filled = false;
  Object.keys(progress).forEach(function (key) {
    var parts = key.split("/");
    if (parts[0] !== course || !progress[key]) return;
    var entry = progress[key];
    var done = form.querySelector('input[data-lesson="' + parts[1] + '"]');
    if (done && entry.done && !done.checked) {
      done.checked = true;
      filled = true;
    }
    var checks = entry.checks || {};
    Object.keys(checks).forEach(function (id) {
      var radio = form.querySelector(
        'input[name="check-' + id + '"][value="' + Number(checks[id]) + '"]'
      );
      if (radio && !form.querySelector('input[name="check-' + id + '"]:checked')) {
        radio.checked = true;
        filled = true;
      }
    });
  });
  var note = document.querySelector("[data-prefilled]");
  if (filled && note) note.hidden = false;
})();
