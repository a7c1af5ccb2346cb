"use strict";
// The monitoring form's lights as the clerk types: the form is sent to the server's preview
// (the same MonitoringReview that lights what is saved), and each light, c, the rates and the
// findings are shown from its answer. Without JavaScript the lights show after saving.
(function () {
  var form = document.querySelector("form.monitoring");
  if (!form || form.querySelector("fieldset[disabled]")) return;
  var url = form.getAttribute("data-preview");
  function light(element, code, title) {
    if (!element) return;
    element.className = "light light-" + code;
    element.textContent = title;
  }
  function note(item) {
    var p = document.createElement("p");
    p.className = "note sev-" + item.severity;
    var b = document.createElement("b");
    b.textContent = item.severityTitle;
    var code = document.createElement("code");
    code.className = "rule-id";
    code.textContent = item.rule;
    var i = document.createElement("i");
    i.textContent = item.fix;
    p.append(b, " " + item.title + " ", code, " " + item.message + "。", i);
    return p;
  }
  function show(answer) {
    light(document.getElementById("light-project"), answer.light, answer.lightTitle);
    light(document.getElementById("light-money"), answer.moneyLight, answer.moneyLightTitle);
    document.getElementById("rate").textContent = answer.rate;
    document.getElementById("q").textContent = answer.q;
    answer.indicators.forEach(function (line) {
      light(document.getElementById("light-row-" + line.number), line.light, line.lightTitle);
      var c = document.getElementById("c-row-" + line.number);
      if (c) c.textContent = "c=" + line.c;
    });
    var places = { money: document.getElementById("money-findings"), project: document.getElementById("project-findings") };
    document.querySelectorAll("[id^='findings-row-']").forEach(function (cell) { cell.textContent = ""; });
    places.money.textContent = "";
    places.project.textContent = "";
    answer.findings.forEach(function (item) {
      var target = item.anchor.indexOf("row-") === 0 ? document.getElementById("findings-" + item.anchor)
        : item.anchor === "f-money" ? places.money : places.project;
      (target || places.project).appendChild(note(item));
    });
    answer.problems.forEach(function (problem) {
      var p = document.createElement("p");
      p.className = "note sev-error";
      p.textContent = problem;
      places.money.appendChild(p);
    });
  }
  var timer = null, sent = 0;
  function preview() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var mine = ++sent;
      fetch(url, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (answer) { if (answer && mine === sent) show(answer); });
    }, 200);
  }
  form.addEventListener("input", preview);
  form.addEventListener("change", preview);
})();
