/* Online public service: find the service, sign in (pretend VNeID), fill the
 * form, attach a pretend photo, submit, follow the status. */
(function (P) {
  "use strict";
  var el = P.el, button = P.button;

  P.register("public-service", function (w, focus) {
    var c = w.cfg, t = w.t, answers = {}, doc = null;

    search(!focus);

    function search(quiet) {
      var input = el("input", { type: "search", autocomplete: "off" });
      var list = el("ul", { "class": "pw-choices" });
      var f = P.field(t.search_label, input);
      var form = el("form", { role: "search", onsubmit: function (e) {
        e.preventDefault();
        var q = P.fold(input.value.trim());
        list.textContent = "";
        var found = c.services.filter(function (s) { return q && P.fold(s.name).indexOf(q) >= 0; });
        found.forEach(function (s) {
          list.append(el("li", {}, [el("button", { type: "button", "class": "btn btn-quiet pw-choice", onclick: function () { pick(s); } }, [
            el("strong", { text: s.name }), el("span", { text: t.agency + ": " + s.agency })
          ])]));
        });
        w.say(found.length ? t.results + ": " + found.length : t.none);
      } }, [f, el("button", { type: "submit", "class": "btn", text: t.search })]);
      w.screen(c.portal, [form, el("h4", { text: t.results }), list], quiet);
    }

    function pick(s) {
      if (s.id !== c.service) {
        w.mistake("wrong_service");
        w.say(t.wrong_service);
        return;
      }
      w.screen(s.name, [
        el("p", { text: t.agency + ": " + s.agency }),
        button(t.sign_in, form)
      ]);
    }

    function form() {
      var fields = c.fields.map(function (d) {
        var input;
        if (d.choices) {
          input = el("select", {}, [el("option", { value: "", text: t.choose })].concat(
            d.choices.map(function (ch) { return el("option", { value: ch, text: ch }); })));
        } else {
          input = el("input", { type: "text", autocomplete: "off" });
        }
        if (answers[d.name]) input.value = answers[d.name];
        var f = P.field(d.label, input, d.hint);
        f.def = d;
        return f;
      });
      var frm = el("form", { novalidate: true, onsubmit: function (e) {
        e.preventDefault();
        var first = null;
        fields.forEach(function (f) {
          var v = f.input.value.trim(), msg = "";
          if (!v) msg = t.required.replace("%(field)s", f.def.label);
          else if (f.def.format === "date" && !/^\d{1,2}\/\d{1,2}\/\d{4}$/.test(v)) msg = t.bad_date;
          f.error(msg);
          if (msg && !first) first = f;
          answers[f.def.name] = v;
        });
        if (first) {
          w.mistake("form_incomplete");
          w.say(first.input.parentNode.querySelector(".field-error").textContent);
          first.input.focus();
          return;
        }
        if (c.document) attach(); else review();
      } }, fields.concat([el("button", { type: "submit", "class": "btn", text: t.next })]));
      w.screen(t.form, [el("p", { "class": "pw-who", text: t.signed_in + ": " + c.citizen }), frm]);
    }

    function attach() {
      var name = P.uid("doc");
      var set = el("fieldset", {}, [el("legend", { text: t.attach }), el("p", { "class": "hint", text: t.attach_hint })]
        .concat(c.documents.map(function (d) {
          return el("label", { "class": "check" }, [el("input", { type: "radio", name: name, value: d.id }), d.name]);
        })));
      var frm = el("form", { novalidate: true, onsubmit: function (e) {
        e.preventDefault();
        var chosen = frm.querySelector("input:checked");
        if (!chosen) { w.say(t.choose); return; }
        if (chosen.value !== c.document) {
          w.mistake("wrong_document");
          w.say(t.wrong_doc);
          chosen.focus();
          return;
        }
        doc = c.documents.filter(function (d) { return d.id === chosen.value; })[0];
        review();
      } }, [set, el("button", { type: "submit", "class": "btn", text: t.next })]);
      w.screen(t.attach, [frm]);
    }

    function review() {
      var dl = el("dl", { "class": "pw-dl" });
      c.fields.forEach(function (d) { dl.append(el("dt", { text: d.label }), el("dd", { text: answers[d.name] })); });
      if (doc) dl.append(el("dt", { text: t.attach }), el("dd", { text: doc.name }));
      var box = el("input", { type: "checkbox", id: P.uid("pledge") });
      var frm = el("form", { novalidate: true, onsubmit: function (e) {
        e.preventDefault();
        if (!box.checked) { w.say(t.pledge_missing); box.focus(); return; }
        status("LT-" + String(Date.now()).slice(-6), 0);
      } }, [
        el("label", { "class": "check", "for": box.id }, [box, t.pledge]),
        el("button", { type: "submit", "class": "btn", text: t.submit })
      ]);
      w.screen(t.review, [dl, frm]);
    }

    function status(code, step) {
      var ol = el("ol", { "class": "pw-timeline" });
      c.statuses.forEach(function (s, i) {
        ol.append(el("li", { "class": i <= step ? "done" : "", "aria-current": i === step ? "step" : null, text: s }));
      });
      var last = step === c.statuses.length - 1;
      if (last) {
        w.finish(true, [t.code + ": " + code, t.finished]);
        w.app.insertBefore(ol, w.app.children[1]);
        return;
      }
      w.screen(t.status, [
        el("p", { text: t.code + ": " + code }),
        ol,
        button(t.refresh, function () { status(code, step + 1); })
      ]);
      w.say(c.statuses[step]);
    }
  });
})(window.HocvusoPractice);
