/* Pay by VietQR: scan the shop's code in a pretend bank app, check, confirm.
 * The "scan" reads the real-format payload embedded in the page and parses it
 * here (EMVCo TLV + CRC-16/CCITT-FALSE), as a bank app would. */
(function (P) {
  "use strict";
  var el = P.el, button = P.button;

  function crc16(s) {
    var bytes = new TextEncoder().encode(s), c = 0xffff;
    for (var i = 0; i < bytes.length; i++) {
      c ^= bytes[i] << 8;
      for (var b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    }
    return ("000" + c.toString(16).toUpperCase()).slice(-4);
  }
  function tlv(s) {
    var out = {}, i = 0;
    while (i < s.length) {
      if (!/^\d{4}$/.test(s.substr(i, 4))) throw new Error("field");
      var n = +s.substr(i + 2, 2), v = s.substr(i + 4, n);
      if (v.length !== n) throw new Error("length");
      out[s.substr(i, 2)] = v;
      i += 4 + n;
    }
    return out;
  }
  function parse(p) {
    if (p.slice(-8, -4) !== "6304" || crc16(p.slice(0, -4)) !== p.slice(-4).toUpperCase()) throw new Error("crc");
    var top = tlv(p), napas = tlv(top["38"] || "");
    if (top["00"] !== "01" || napas["00"] !== "A000000727") throw new Error("not vietqr");
    var ben = tlv(napas["01"] || ""), extra = tlv(top["62"] || "");
    return { bin: ben["00"], account: ben["01"], amount: +(top["54"] || 0), purpose: extra["08"] || "" };
  }
  P.vietqr = { parse: parse, crc16: crc16 };

  P.register("vietqr-pay", function (w, focus) {
    var c = w.cfg, t = w.t;
    var payload = w.root.querySelector("[data-payload]").getAttribute("data-payload");

    w.screen(c.app, [button(t.scan, scan)], !focus);

    function scan() {
      var q;
      try { q = parse(payload); } catch (e) {
        w.say(t.bad_code);
        return;
      }
      var rows = [
        [t.bank, c.banks[q.bin] || q.bin],
        [t.account, q.account],
        [t.name, c.directory[q.bin + "/" + q.account] || "?"],
        [t.amount, q.amount ? P.money(q.amount) : "—"],
        [t.note, q.purpose]
      ];
      var dl = el("dl", { "class": "pw-dl" });
      rows.forEach(function (r) { dl.append(el("dt", { text: r[0] }), el("dd", { text: r[1] })); });
      w.screen(t.check, [
        el("p", { text: t.scanning }),
        dl,
        el("p", { "class": "pw-q", text: t.question }),
        el("div", { "class": "pw-actions" }, [button(t.yes, pin), button(t.no, stop, "btn-quiet")])
      ]);
    }

    function pin() {
      var input = el("input", { type: "text", inputmode: "numeric", autocomplete: "off", maxlength: "6" });
      var f = P.field(t.pin_label, input, t.pin_hint);
      var form = el("form", { novalidate: true, onsubmit: function (e) {
        e.preventDefault();
        if (input.value.trim() !== c.pin) {
          f.error(t.pin_wrong);
          w.say(t.pin_wrong);
          input.focus();
          return;
        }
        var bad = c.expect === "stop";
        if (bad) w.mistake(c.mistake);
        w.finish(true, [bad ? t.bad_pay : t.paid]);
      } }, [f, el("button", { type: "submit", "class": "btn", text: t.confirm })]);
      w.screen(t.pin_title, [form]);
    }

    function stop() {
      var bad = c.expect === "pay";
      if (bad) w.mistake("stopped_correct_payment");
      w.finish(true, [bad ? t.bad_stop : t.good_stop, t.stopped]);
    }
  });
})(window.HocvusoPractice);
