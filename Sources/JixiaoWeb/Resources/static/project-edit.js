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
  var timers = {};
  form.querySelectorAll("input[data-reading]").forEach(function (input) {
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
  });
})();
