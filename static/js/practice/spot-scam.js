/* Spot the scam: one situation at a time, safe or scam, each explained. */
(function (P) {
  "use strict";
  var el = P.el, button = P.button;

  P.register("spot-scam", function (w, focus) {
    var c = w.cfg, t = w.t, items = c.items, right = 0;

    show(0, !focus);

    function show(i, quiet) {
      var it = items[i];
      var fb = el("div", { "class": "pw-answer", tabindex: "-1", hidden: true });
      var choices = el("div", { "class": "pw-actions" }, [
        button(t.safe, function () { answer("safe"); }),
        button(t.scam, function () { answer("scam"); }, "btn-quiet")
      ]);
      w.screen(t.situation.replace("%(n)s", i + 1).replace("%(total)s", items.length), [
        el("p", { "class": "pw-kind", text: c.kinds[it.kind] + " · " + t.from + ": " + it.from }),
        it.context ? el("p", { text: it.context }) : null,
        el("blockquote", { "class": "pw-msg", text: it.text }),
        choices,
        fb
      ], quiet);

      function answer(choice) {
        var ok = choice === it.answer;
        if (ok) right += 1; else w.mistake(it.id);
        choices.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
        fb.textContent = "";
        fb.append(
          el("p", { "class": ok ? "pw-ok" : "pw-bad", text: ok ? t.right : t.wrong }),
          el("p", { text: it.explain }),
          i + 1 < items.length
            ? button(t.next, function () { show(i + 1); })
            : button(t.next, function () {
              w.finish(true, [t.score.replace("%(right)s", right).replace("%(total)s", items.length)]);
            })
        );
        fb.hidden = false;
        fb.focus();
      }
    }
  });
})(window.HocvusoPractice);
