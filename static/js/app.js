// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  function toArabic(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); });
  }
  // Buddhist-Era date boxes: accept Thai digits and add the slashes as people type.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[data-be-date]")) return;
    var digits = toArabic(box.value).replace(/[^0-9/]/g, "");
    if (digits !== box.value && !/[/]{2}/.test(digits)) box.value = digits;
  });
  // In place of inline handlers, which the Content-Security-Policy refuses: a print button and forms that
  // ask for confirmation before they post.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) window.print();
  });
  // A filter that applies as soon as it is chosen (the form's button stays for keyboards and no script).
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-autosubmit]") && box.form) box.form.submit();
    // A file box says in Thai which file was chosen (the browser's own words follow its language).
    if (box.matches && box.matches(".file-pick input[type=file]")) {
      var shown = box.parentNode.querySelector(".file-pick-name");
      var files = box.files || [];
      if (shown) {
        shown.textContent = files.length === 0 ? shown.getAttribute("data-none")
          : files.length === 1 ? files[0].name
          : shown.getAttribute("data-many").replace("{n}", String(files.length));
      }
    }
    // "Select all" of a list: ticks every box of the same name in its form (the review queue).
    var name = box.getAttribute && box.getAttribute("data-select-all");
    if (name && box.form) {
      box.form.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (one) {
        one.checked = box.checked;
      });
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
