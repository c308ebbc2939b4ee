// A Buddhist-Era date picker for every <input data-be-date>: a button beside the box opens a month
// calendar in Thai; choosing a day writes dd/mm/yyyy (B.E.). Typing still works; without this file the
// box is a plain text box.
(function () {
  "use strict";
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var DAYS = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  var open = null;

  function toArabic(text) {
    return text.replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The date in a box (dd/mm/yyyy, B.E.), or null.
  function read(box) {
    var m = /^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$/.exec(toArabic(box.value));
    if (!m) return null;
    var d = new Date(Number(m[3]) - 543, Number(m[2]) - 1, Number(m[1]));
    return isNaN(d.getTime()) ? null : d;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function close() {
    if (!open) return;
    open.panel.remove();
    open.button.setAttribute("aria-expanded", "false");
    open = null;
  }

  function render(state) {
    var panel = state.panel, shown = state.month;
    panel.textContent = "";
    var head = el("div", "bdp-head");
    var prev = el("button", "bdp-nav", "‹");
    prev.type = "button";
    prev.setAttribute("aria-label", "เดือนก่อนหน้า");
    var next = el("button", "bdp-nav", "›");
    next.type = "button";
    next.setAttribute("aria-label", "เดือนถัดไป");
    var title = el("span", "bdp-title", MONTHS[shown.getMonth()] + " " + (shown.getFullYear() + 543));
    var year = el("input", "bdp-year");
    year.type = "text";
    year.inputMode = "numeric";
    year.value = String(shown.getFullYear() + 543);
    year.setAttribute("aria-label", "ปี พ.ศ.");
    prev.addEventListener("click", function () { state.month = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); render(state); });
    next.addEventListener("click", function () { state.month = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); render(state); });
    year.addEventListener("change", function () {
      var be = Number(toArabic(year.value));
      if (be >= 2400 && be <= 2700) { state.month = new Date(be - 543, shown.getMonth(), 1); render(state); }
    });
    head.append(prev, title, next, year);
    panel.append(head);
    var grid = el("div", "bdp-grid");
    grid.setAttribute("role", "grid");
    DAYS.forEach(function (d) { grid.append(el("span", "bdp-dow", d)); });
    var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
    for (var i = 0; i < first.getDay(); i++) grid.append(el("span", "bdp-blank"));
    var last = new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate();
    var chosen = read(state.box);
    for (var day = 1; day <= last; day++) {
      var b = el("button", "bdp-day", String(day));
      b.type = "button";
      b.dataset.day = String(day);
      if (chosen && chosen.getFullYear() === shown.getFullYear() && chosen.getMonth() === shown.getMonth() && chosen.getDate() === day) {
        b.className += " bdp-chosen";
        b.setAttribute("aria-pressed", "true");
      }
      b.addEventListener("click", function (event) {
        var d = Number(event.currentTarget.dataset.day);
        state.box.value = pad(d) + "/" + pad(shown.getMonth() + 1) + "/" + (shown.getFullYear() + 543);
        state.box.dispatchEvent(new Event("change", { bubbles: true }));
        close();
        state.box.focus();
      });
      grid.append(b);
    }
    panel.append(grid);
  }

  function toggle(box, button) {
    if (open && open.box === box) { close(); return; }
    close();
    var panel = el("div", "bdp-panel");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", "เลือกวันที่ (พ.ศ.)");
    // Clicks inside stay inside: a month button re-draws the panel, which would look like a click outside.
    panel.addEventListener("click", function (event) { event.stopPropagation(); });
    var chosen = read(box) || new Date();
    open = { box: box, button: button, panel: panel, month: new Date(chosen.getFullYear(), chosen.getMonth(), 1) };
    button.setAttribute("aria-expanded", "true");
    button.after(panel);
    render(open);
    var focus = panel.querySelector(".bdp-chosen") || panel.querySelector(".bdp-day");
    if (focus) focus.focus();
  }

  // A calendar icon drawn with the page's own fonts unavailable (no emoji font needed).
  function calendarIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 20 20");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    [["rect", { x: "2.5", y: "4", width: "15", height: "13.5", rx: "2" }],
     ["line", { x1: "2.5", y1: "8.5", x2: "17.5", y2: "8.5" }],
     ["line", { x1: "6.5", y1: "2", x2: "6.5", y2: "6" }],
     ["line", { x1: "13.5", y1: "2", x2: "13.5", y2: "6" }]].forEach(function (shape) {
      var node = document.createElementNS(ns, shape[0]);
      Object.keys(shape[1]).forEach(function (k) { node.setAttribute(k, shape[1][k]); });
      node.setAttribute("fill", "none");
      node.setAttribute("stroke", "currentColor");
      node.setAttribute("stroke-width", "1.6");
      svg.append(node);
    });
    return svg;
  }

  function attach(box) {
    if (box.dataset.bePicker) return;
    box.dataset.bePicker = "1";
    var button = el("button", "bdp-open");
    button.append(calendarIcon());
    button.type = "button";
    button.setAttribute("aria-label", "เปิดปฏิทินเลือกวันที่");
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () { toggle(box, button); });
    var wrap = el("span", "bdp-wrap");
    box.before(wrap);
    wrap.append(box, button);
  }

  document.addEventListener("keydown", function (event) { if (event.key === "Escape") close(); });
  document.addEventListener("click", function (event) {
    if (open && !open.panel.contains(event.target) && !open.button.contains(event.target)) close();
  });
  function attachAll() { document.querySelectorAll("input[data-be-date]").forEach(attach); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attachAll);
  else attachAll();
  document.addEventListener("htmx:afterSwap", attachAll);
})();
