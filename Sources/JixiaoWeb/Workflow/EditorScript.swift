import Hummingbird

/// What JavaScript adds to the editing pages (they work without): on the project form, the
/// 总计 as the amounts are typed, and each target value's reading as it is typed — asked of
/// the server (`/api/v1/reading`), so the page and the review read values with the one
/// grammar; on the table page, a question before a delete button acts. Scripts are files,
/// not inline: the pages' CSP allows scripts from this site only.
enum EditorScript {
    static func register(on router: Router<AppContext>) {
        for (path, script) in [("static/project-edit.js", source), ("static/confirm.js", confirmSource)] {
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                         body: .init(byteBuffer: ByteBuffer(string: script)))
            }
        }
        router.get("api/v1/reading") { request, _ in
            let text = request.uri.queryParameters.get("text").map { String($0) } ?? ""
            // A target value is a few words; the limit is the document's (maxLength counts code points).
            guard text.unicodeScalars.count <= 500 else { return TableAPI.problem(.badRequest, "text: at most 500 characters") }
            return TableAPI.json(["text": text, "reading": ProjectForm.reading(text)])
        }
    }

    /// Forms marked `data-confirm` ask their question before they are sent.
    static let confirmSource = #"""
    "use strict";
    document.addEventListener("submit", function (event) {
      var question = event.target.getAttribute("data-confirm");
      if (question && !window.confirm(question)) event.preventDefault();
    });
    """#

    static let source = #"""
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
    """#
}
