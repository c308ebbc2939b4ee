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
})();
