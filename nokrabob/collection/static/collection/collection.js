// The registration form's helpers: the national ID check digit as it is typed (the same rule as
// nokrabob/registry/national_id.py) and show-only-if questions (the expression trees of expressions.py).
// The form works without this file: the server checks everything again.
(function () {
  "use strict";
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

  function cleanId(text) {
    return String(text || "")
      .replace(/[๐-๙]/g, function (d) { return String(THAI_DIGITS.indexOf(d)); })
      .replace(/[\s\-.]/g, "");
  }

  // "" when valid, otherwise the reason: "length", "category" or "checksum".
  function nationalIdError(value) {
    var id = cleanId(value);
    if (!/^[0-9]{13}$/.test(id)) return "length";
    if (id.charAt(0) === "9") return "category";
    var sum = 0;
    for (var i = 0; i < 12; i++) sum += (13 - i) * Number(id.charAt(i));
    var check = (11 - (sum % 11)) % 10;
    return String(check) === id.charAt(12) ? "" : "checksum";
  }

  var MESSAGES = {
    length: "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก",
    category: "เลขประจำตัวประชาชนต้องไม่ขึ้นต้นด้วยเลข 9",
    checksum: "เลขประจำตัวประชาชนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง) โปรดตรวจสอบอีกครั้ง",
    ok: "✓ เลขประจำตัวประชาชนถูกต้อง",
    count: "กรอกแล้ว {n}/13 หลัก"
  };

  function message(box, key) {
    var own = box.getAttribute("data-msg-" + key);
    return own || MESSAGES[key];
  }

  function showIdState(box) {
    var field = box.closest(".field");
    var note = field && field.querySelector(".id-check");
    if (!note) {
      note = document.createElement("p");
      note.className = "id-check";
      note.setAttribute("aria-live", "polite");
      box.insertAdjacentElement("afterend", note);
    }
    var digits = cleanId(box.value);
    var error = nationalIdError(box.value);
    if (!digits) { note.textContent = ""; note.className = "id-check"; return; }
    if (digits.length < 13 && /^[0-9]*$/.test(digits)) {
      note.textContent = message(box, "count").replace("{n}", String(digits.length));
      note.className = "id-check";
      return;
    }
    note.textContent = message(box, error || "ok");
    note.className = "id-check " + (error ? "bad" : "ok");
    box.setCustomValidity(error ? message(box, error) : "");
  }

  // ── show-only-if ───────────────────────────────────────────────────────────────────────────
  function answerOf(form, name) {
    var boxes = form.querySelectorAll('[name="q_' + name + '"]');
    if (!boxes.length) return null;
    if (boxes[0].type === "checkbox") {
      return Array.prototype.filter.call(boxes, function (b) { return b.checked; }).map(function (b) { return b.value; });
    }
    if (boxes[0].type === "radio") {
      var chosen = Array.prototype.filter.call(boxes, function (b) { return b.checked; })[0];
      return chosen ? chosen.value : null;
    }
    return boxes[0].value;
  }

  function num(v) {
    if (v === null || v === undefined || v === "" || typeof v === "boolean" || Array.isArray(v)) return null;
    var n = Number(v);
    return isNaN(n) ? null : n;
  }

  function value(node, form) {
    switch (node[0]) {
      case "num": return Number(node[1]);
      case "str": return node[1];
      case "ref": return answerOf(form, node[1]);
      case "self": return null;
      case "call":
        var args = node.slice(2).map(function (a) { return value(a, form); });
        if (node[1] === "selected") {
          var list = Array.isArray(args[0]) ? args[0] : [args[0]];
          return list.map(String).indexOf(String(args[1])) >= 0;
        }
        if (node[1] === "count-selected") return Array.isArray(args[0]) ? args[0].length : 0;
        return args[0] === null ? 0 : String(args[0]).length;
      default: return evaluate(node, form);
    }
  }

  function compare(op, a, b) {
    if (a === null || a === "" || b === null || b === "") return op === "!=" && (a || "") !== (b || "");
    var x = num(a), y = num(b);
    if (x === null || y === null) { x = String(a); y = String(b); }
    switch (op) {
      case "=": return x === y;
      case "!=": return x !== y;
      case ">": return x > y;
      case ">=": return x >= y;
      case "<": return x < y;
      default: return x <= y;
    }
  }

  function evaluate(node, form) {
    switch (node[0]) {
      case "or": return evaluate(node[1], form) || evaluate(node[2], form);
      case "and": return evaluate(node[1], form) && evaluate(node[2], form);
      case "not": return !evaluate(node[1], form);
      case "cmp": return compare(node[1], value(node[2], form), value(node[3], form));
      default:
        var v = value(node, form);
        return typeof v === "number" ? v !== 0 : Boolean(v);
    }
  }

  function applyRelevance(form) {
    var seen = {};
    form.querySelectorAll("[data-relevant]").forEach(function (box) {
      if (seen[box.name]) return;
      seen[box.name] = true;
      var field = box.closest(".field");
      var show = evaluate(JSON.parse(box.getAttribute("data-relevant")), form);
      if (field) field.hidden = !show;
    });
  }

  window.nokrabobCollection = { nationalIdError: nationalIdError, evaluate: evaluate };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.registration");
    if (!form) return;
    form.querySelectorAll("input[data-national-id]").forEach(function (box) {
      box.addEventListener("input", function () { showIdState(box); });
      if (box.value) showIdState(box);
    });
    // The sensitive question shows once the explicit consent to sensitive data is ticked.
    var sensitive = form.querySelector("#id_sensitive_consent");
    var disability = form.querySelector("#id_has_disability");
    function applySensitive() {
      if (!sensitive || !disability) return;
      var field = disability.closest(".field");
      if (field && !field.classList.contains("has-error")) field.hidden = !sensitive.checked;
    }
    applyRelevance(form);
    applySensitive();
    form.addEventListener("input", function () { applyRelevance(form); });
    form.addEventListener("change", function () { applyRelevance(form); applySensitive(); });
  });
})();
