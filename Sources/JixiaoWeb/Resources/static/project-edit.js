"use strict";
(function () {
  // 万元 with up to six decimals, as integer millionths, so sums are exact.
  function micro(text) {
    var m = /^\s*(\d+)(?:\.(\d{0,6}))?\s*$/.exec(text.replace(/,/g, ""));
    if (!m) return text.trim() === "" ? 0 : null;
    return parseInt(m[1], 10) * 1000000 + parseInt(((m[2] || "") + "000000").slice(0, 6), 10);
  }
  function show(value) {
    var whole = Math.floor(value / 1000000), part = String(value % 1000000 + 1000000).slice(1, 3);
    return whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + part;
  }
  var form = document.querySelector("form.project");
  if (!form) return;
  var total = document.getElementById("total");
  function sum() {
    var values = ["fiscal", "special", "other"].map(function (n) { return micro(form.elements[n].value); });
    total.textContent = values.some(function (v) { return v === null; }) ? "（金额有误）" : show(values.reduce(function (a, b) { return a + b; }, 0));
  }
  ["fiscal", "special", "other"].forEach(function (n) { form.elements[n].addEventListener("input", sum); });
  // 二级 offers only what belongs to the row's 一级 (成本指标 is under 产出 as 14, and a 一级 of
  // its own): a choice that no longer belongs is cleared, so the form never posts a mismatch.
  function filterSecondary(primarySelect) {
    var secondary = form.elements[primarySelect.name.replace("[l1]", "[l2]")];
    if (!secondary) return;
    var primary = primarySelect.value.split("|")[1] || "";
    Array.prototype.forEach.call(secondary.options, function (option) {
      var owner = option.getAttribute("data-primary");
      option.hidden = !!(primary && owner && owner !== primary);
    });
    if (secondary.selectedOptions[0] && secondary.selectedOptions[0].hidden) secondary.value = "";
  }
  function watchPrimary(select) {
    filterSecondary(select);
    select.addEventListener("change", function () { filterSecondary(select); });
  }
  form.querySelectorAll("select[name$='[l1]']").forEach(watchPrimary);

  // 添加一行: a copy of the last row, blank, numbered next (without JavaScript the form offers
  // three blank rows, and more after each save).
  var addRow = document.getElementById("add-row");
  var body = form.querySelector("table.indicators tbody");
  if (addRow && body) {
    addRow.hidden = false;
    addRow.addEventListener("click", function () {
      var rows = body.querySelectorAll("tr:not(.notes)");
      var last = rows[rows.length - 1];
      var n = rows.length;
      var copy = last.cloneNode(true);
      copy.id = "row-" + (n + 1);
      copy.classList.remove("invalid");
      copy.querySelectorAll("[name]").forEach(function (field) {
        field.name = field.name.replace(/^rows\[\d+\]/, "rows[" + n + "]");
        if (field.type === "checkbox") field.checked = false;
        else if (field.tagName === "SELECT") field.value = "";
        else field.value = field.name.slice(-7) === "[order]" ? String(n + 1) : "";
        field.removeAttribute("aria-invalid");
      });
      copy.querySelectorAll("[data-reading]").forEach(function (field) {
        var kind = field.getAttribute("data-reading").split("_")[0];
        field.setAttribute("data-reading", kind + "_" + n);
      });
      copy.querySelectorAll("small.reading").forEach(function (out) {
        out.id = out.id.replace(/_\d+$/, "_" + n);
        out.textContent = "";
      });
      body.appendChild(copy);
      copy.querySelectorAll("select[name$='[l1]']").forEach(watchPrimary);
      copy.querySelectorAll("input[data-reading]").forEach(watchReading);
      copy.querySelector("input[name$='[name]']").focus();
    });
  }

  var timers = {};
  function watchReading(input) {
    input.addEventListener("input", function () {
      var name = input.getAttribute("data-reading"), out = document.getElementById("reading-" + name);
      clearTimeout(timers[name]);
      timers[name] = setTimeout(function () {
        fetch("/api/v1/reading?text=" + encodeURIComponent(input.value)).then(function (r) { return r.json(); }).then(function (j) {
          out.textContent = j.reading;
          out.className = "reading" + (j.reading.indexOf("定性") === 0 ? " bad" : "");
        });
      }, 250);
    });
  }
  form.querySelectorAll("input[data-reading]").forEach(watchReading);
})();
