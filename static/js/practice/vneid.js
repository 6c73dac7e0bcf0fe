/* VNeID: sign in with practice numbers, open the document wallet, share only
 * what is needed by QR code, then refuse a caller who asks for the OTP. */
(function (P) {
  "use strict";
  var el = P.el, button = P.button;

  P.register("vneid", function (w, focus) {
    var c = w.cfg, t = w.t, p = c.person, seen = false;

    signIn(!focus);

    function signIn(quiet) {
      var id = el("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: "12" });
      var pw = el("input", { type: "password", autocomplete: "off" });
      var fid = P.field(t.id_label, id), fpw = P.field(t.password, pw);
      var frm = el("form", { novalidate: true, onsubmit: function (e) {
        e.preventDefault();
        var ok = id.value.replace(/\s/g, "") === p.id_number && pw.value === p.password;
        fid.error(ok ? "" : t.bad_creds);
        if (!ok) { w.say(t.bad_creds); id.focus(); return; }
        home();
      } }, [el("p", { "class": "hint", text: t.creds_hint }), fid, fpw,
        el("button", { type: "submit", "class": "btn", text: t.sign_in })]);
      w.screen(c.app, [frm], quiet);
    }

    function home() {
      w.screen(t.home, [
        el("p", { "class": "pw-who", text: p.name }),
        el("div", { "class": "pw-actions pw-stack" }, [button(t.wallet, wallet), button(t.share, share)])
      ]);
    }

    function wallet() {
      var ul = el("ul", { "class": "pw-choices" });
      c.documents.forEach(function (d) {
        ul.append(el("li", {}, [button(t.open + ": " + d.name, function () { openDoc(d); }, "btn-quiet pw-choice")]));
      });
      w.screen(t.wallet, [ul, button(t.back, home, "btn-quiet")]);
    }

    function openDoc(d) {
      if (d.id === c.share_needed) seen = true;
      var ul = el("ul", { "class": "pw-card" });
      d.lines.forEach(function (l) { ul.append(el("li", { text: l })); });
      w.screen(d.name, [ul, button(t.back, wallet, "btn-quiet")]);
    }

    function share() {
      var boxes = c.documents.map(function (d) {
        return el("label", { "class": "check" }, [el("input", { type: "checkbox", value: d.id }), d.name]);
      });
      var frm = el("form", { novalidate: true, onsubmit: function (e) {
        e.preventDefault();
        var chosen = Array.prototype.map.call(frm.querySelectorAll("input:checked"), function (b) { return b.value; });
        if (!chosen.length) { w.say(t.share_none); return; }
        if (chosen.indexOf(c.share_needed) < 0) { w.mistake("shared_wrong_document"); w.say(t.share_wrong); return; }
        if (chosen.length > 1) { w.mistake("shared_too_much"); w.say(t.share_more); return; }
        w.screen(t.share, [
          el("div", { "class": "pw-qrbox", html: c.share_svg }),
          el("p", { text: t.shared }),
          button(t.finish, scam)
        ]);
      } }, [el("fieldset", {}, [el("legend", { text: t.share }), el("p", { "class": "hint", text: t.share_hint })].concat(boxes)),
        el("button", { type: "submit", "class": "btn", text: t.make_qr })]);
      w.screen(t.share, [frm, button(t.back, home, "btn-quiet")]);
    }

    function scam() {
      w.screen(t.incoming, [
        el("p", { "class": "pw-kind", text: c.scam.from }),
        el("blockquote", { "class": "pw-msg", text: c.scam.text }),
        el("p", { "class": "pw-kind", text: t.sms }),
        el("blockquote", { "class": "pw-msg", text: c.scam.sms }),
        el("div", { "class": "pw-actions" }, [
          button(t.refuse, function () {
            if (!seen) w.mistake("skipped_wallet");
            w.finish(true, [t.good_refuse]);
          }),
          button(t.give_otp, function () {
            w.mistake("gave_otp");
            if (!seen) w.mistake("skipped_wallet");
            w.finish(true, [t.bad_otp]);
          }, "btn-quiet")
        ])
      ]);
    }
  });
})(window.HocvusoPractice);
