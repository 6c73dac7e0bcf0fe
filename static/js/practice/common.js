/* Practice simulators: shared widget shell (no framework, no network needed).
 * Each simulator script calls HocvusoPractice.register(name, start). A run
 * ends with w.finish(): a bubbling CustomEvent "practice:done", the result
 * appended to localStorage "hocvuso.practice.results", and, for a signed-in
 * learner (data-results-url), a POST that is retried later when offline. */
(function () {
  "use strict";
  if (window.HocvusoPractice) return;
  var RESULTS = "hocvuso.practice.results";
  var OUTBOX = "hocvuso.practice.outbox";

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function store(key, list) {
    try { localStorage.setItem(key, JSON.stringify(list.slice(-200))); } catch (e) { /* full or private */ }
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  var flushing = false;
  function flush(url) {
    var box = load(OUTBOX);
    if (!url || flushing || !box.length || !window.fetch || navigator.onLine === false) return;
    flushing = true;
    var item = box[0];
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(item)
    }).then(function (r) {
      // Stored, duplicate or refused for good: either way it leaves the outbox.
      // 401/403 (signed out) and server errors keep it for a later try.
      var done = r.ok || r.status === 400 || r.status === 422;
      if (done) store(OUTBOX, load(OUTBOX).filter(function (x) { return x.client_id !== item.client_id; }));
      flushing = false;
      if (done) flush(url);
    }, function () { flushing = false; });
  }

  function el(tag, attrs, kids) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") n.textContent = v;
      else if (k === "html") n.innerHTML = v;
      else if (k.slice(0, 2) === "on") n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v === true ? "" : v);
    });
    (kids || []).forEach(function (c) {
      if (c !== null && c !== undefined && c !== false) n.append(c);
    });
    return n;
  }
  var seq = 0;
  function uid(p) { seq += 1; return "pw-" + p + "-" + seq; }
  function button(text, onclick, cls) {
    return el("button", { type: "button", "class": "btn " + (cls || ""), text: text, onclick: onclick });
  }
  function field(label, input, hint) {
    var id = input.id || (input.id = uid("f"));
    var hintId = hint ? id + "-hint" : null;
    var err = el("p", { "class": "field-error", id: id + "-err", hidden: true });
    input.setAttribute("aria-describedby", [hintId, err.id].filter(Boolean).join(" "));
    var wrap = el("div", { "class": "pw-field" }, [
      el("label", { "for": id, text: label }),
      hint ? el("p", { "class": "hint", id: hintId, text: hint }) : null,
      input, err
    ]);
    wrap.error = function (msg) {
      err.textContent = msg || "";
      err.hidden = !msg;
      if (msg) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    };
    wrap.input = input;
    return wrap;
  }

  function Widget(root, name) {
    this.root = root;
    this.name = name;
    this.cfg = JSON.parse(document.getElementById(root.getAttribute("data-config")).textContent);
    this.t = this.cfg.t;
    this.app = root.querySelector(".pw-app");
    this.live = root.querySelector(".pw-live");
    this.url = root.getAttribute("data-results-url");
    this.mistakes = [];
    var stat = root.querySelector(".pw-static");
    if (stat) stat.hidden = true;
    this.app.hidden = false;
  }
  Widget.prototype.screen = function (title, kids, quiet) {
    var h = el("h3", { tabindex: "-1", "class": "pw-title", text: title });
    this.app.textContent = "";
    this.app.append(h);
    var app = this.app;
    kids.forEach(function (k) { if (k) app.append(k); });
    this.say("");
    if (!quiet) h.focus();
    return h;
  };
  Widget.prototype.say = function (msg) { this.live.textContent = msg; };
  Widget.prototype.mistake = function (code) {
    if (this.mistakes.indexOf(code) < 0) this.mistakes.push(code);
  };
  Widget.prototype.finish = function (completed, lines) {
    var t = this.t, w = this;
    var detail = {
      simulator: this.cfg.simulator, scenario: this.cfg.scenario,
      completed: !!completed, mistakes: this.mistakes.slice(), at: new Date().toISOString()
    };
    var results = load(RESULTS);
    results.push(detail);
    store(RESULTS, results);
    if (this.url) {
      var box = load(OUTBOX);
      box.push({
        client_id: newId(), simulator: detail.simulator, scenario: detail.scenario,
        completed: detail.completed, mistakes: detail.mistakes, finished_at: detail.at
      });
      store(OUTBOX, box);
      flush(this.url);
    }
    var ok = completed && !detail.mistakes.length;
    this.screen(ok ? t.done_ok : t.done_mistakes, (lines || []).map(function (l) {
      return el("p", { "class": "pw-feedback", text: l });
    }).concat([
      el("h4", { text: t.explain }),
      el("p", { text: this.cfg.explain }),
      el("p", { "class": "hint", text: this.url ? t.saved_account : t.saved_device }),
      button(t.restart, function () { w.start(); }, "btn-quiet")
    ]));
    this.app.setAttribute("data-state", ok ? "passed" : "finished");
    this.root.dispatchEvent(new CustomEvent("practice:done", { bubbles: true, detail: detail }));
  };

  // Standalone pages keep themselves for use without a signal (lessons have
  // the learning app's worker instead).
  function keepOffline() {
    var mark = document.querySelector("[data-practice-sw]");
    if (!mark || !("serviceWorker" in navigator) || !window.caches) return;
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (e.data && e.data.cached) mark.hidden = false;
    });
    navigator.serviceWorker.register(mark.getAttribute("data-practice-sw"), { scope: mark.getAttribute("data-scope") })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (reg) {
        return caches.match(location.href, { ignoreVary: true }).then(function (hit) {
          if (hit) { mark.hidden = false; return; }
          keep(reg);
        });
      }).catch(function () { /* no worker: the page still works online */ });
    function keep(reg) {
      var urls = [location.href];
      document.querySelectorAll("link[rel=stylesheet][href], script[src]").forEach(function (n) {
        urls.push(n.href || n.src);
      });
      reg.active.postMessage({ cache: urls });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", keepOffline);
  else keepOffline();

  window.HocvusoPractice = {
    el: el, button: button, field: field, uid: uid,
    fold: function (s) {
      return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
    },
    money: function (n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " đ"; },
    register: function (name, start) {
      function run() {
        var roots = document.querySelectorAll('[data-practice="' + name + '"]');
        Array.prototype.forEach.call(roots, function (root) {
          if (root.hasAttribute("data-ready")) return;
          root.setAttribute("data-ready", "");
          var w = new Widget(root, name);
          w.start = function (again) {
            w.mistakes = [];
            w.app.removeAttribute("data-state");
            start(w, again !== false);
          };
          w.start(false);
          flush(w.url);
          window.addEventListener("online", function () { flush(w.url); });
        });
      }
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
      else run();
    }
  };
})();
