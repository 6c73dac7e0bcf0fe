/* hocvuso outreach: visits recorded without a signal, kept on the phone and
   synced with ids made here, so a retry never stores a visit twice. The pages
   work without this script; it adds the offline queue. */
(function () {
  "use strict";
  var body = document.body;
  var user = body.getAttribute("data-user");
  if (!user || !window.localStorage || !window.fetch || !window.JSON) return;
  var QKEY = "hocvuso.visits." + user;
  var RKEY = "hocvuso.rejected." + user;
  var BKEY = "hocvuso.bundle.";
  var SYNC_URL = "/api/v1/outreach/visits/sync";
  var syncing = false;
  var batchSize = 100;

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function fold(s) {
    return (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function newId() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return "dev-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  /* Status bar ------------------------------------------------------------ */
  function render(problem) {
    var box = document.querySelector("[data-sync-status]");
    if (!box) return;
    var queue = load(QKEY), rejected = load(RKEY), t = box.dataset;
    var text = box.querySelector("[data-sync-text]");
    var list = box.querySelector("[data-sync-rejected]");
    box.hidden = !queue.length && !rejected.length && !problem;
    var message = queue.length ? t.tWaiting.replace("{n}", queue.length) : t.tSent;
    if (queue.length && problem === "offline") message += " " + t.tOffline;
    if (queue.length && problem === "auth") message += " " + t.tSignin;
    text.textContent = message;
    box.setAttribute("data-waiting", String(queue.length));
    list.textContent = "";
    rejected.forEach(function (r) {
      list.appendChild(el("li", {}, t.tRejected + ": " + (r.name || "") + " — " + r.message));
    });
  }

  /* Sync ------------------------------------------------------------------ */
  function sync() {
    var queue = load(QKEY);
    if (syncing || !queue.length) { render(); return; }
    syncing = true;
    var batch = queue.slice(0, batchSize);
    // A stalled connection must not hold the queue: give up after 30 s and
    // let the next attempt try again.
    var stop = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (stop) stop.abort(); }, 30000);
    fetch(SYNC_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ visits: batch.map(function (v) { return v.visit; }) }),
      signal: stop ? stop.signal : undefined
    }).then(function (response) {
      clearTimeout(timer);
      if (response.status === 401 || response.status === 403) throw "auth";
      if (response.status === 422 && batch.length === 1) {
        return response.json().then(function (data) {
          return { results: [{ client_id: batch[0].visit.client_id, status: "rejected",
            error: data.error }] };
        });
      }
      if (response.status === 422) { batchSize = 1; throw "retry"; }
      if (!response.ok) throw "server";
      return response.json();
    }).then(function (data) {
      var done = {}, rejected = load(RKEY);
      data.results.forEach(function (result) {
        done[result.client_id] = true;
        if (result.status === "rejected") {
          var item = batch.filter(function (v) { return v.visit.client_id === result.client_id; })[0];
          rejected.push({ client_id: result.client_id, name: item ? item.name : "",
            message: result.error ? result.error.message : "" });
        }
      });
      save(QKEY, load(QKEY).filter(function (v) { return !done[v.visit.client_id]; }));
      save(RKEY, rejected);
      syncing = false;
      batchSize = 100;
      render();
      if (load(QKEY).length) sync();
    }).catch(function (problem) {
      clearTimeout(timer);
      syncing = false;
      if (problem === "retry") { sync(); return; }
      render(problem === "auth" ? "auth" : "offline");
    });
  }

  /* Visit form: queue, then sync ------------------------------------------ */
  var openedAt = new Date().toISOString();

  function visitFrom(form) {
    var actions = [], problem = null;
    form.querySelectorAll("fieldset.action-row").forEach(function (row) {
      var get = function (p) { var f = row.querySelector("[name^='" + p + "']"); return f ? f.value : ""; };
      var person = get("person_"), kind = get("kind_"), outcome = get("outcome_"), follow = get("follow_up_");
      if (!person && !kind && !outcome) return;
      if (!person || !kind || !outcome) { problem = row; return; }
      actions.push({ person_id: parseInt(person, 10), kind: kind, outcome: outcome,
        follow_up_on: follow || null, note: "" });
    });
    if (problem) return { problem: problem };
    var feedback = form.querySelector("[name='feedback']");
    var idField = form.querySelector("[name='client_id']");
    return {
      visit: {
        client_id: idField && idField.value ? idField.value : newId(),
        household_id: parseInt(form.getAttribute("data-household"), 10),
        started_at: openedAt,
        ended_at: new Date().toISOString(),
        actions: actions,
        feedback: feedback ? feedback.value : ""
      }
    };
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-visit-form")) return;
    event.preventDefault();
    var built = visitFrom(form);
    var note = form.querySelector("[data-form-problem]");
    if (built.problem) {
      if (!note) { note = el("p", { "class": "msg msg-error", role: "alert", "data-form-problem": "" }); form.insertBefore(note, form.firstChild); }
      note.textContent = form.getAttribute("data-t-incomplete") || "!";
      built.problem.querySelector("select").focus();
      return;
    }
    var queue = load(QKEY);
    if (!queue.some(function (v) { return v.visit.client_id === built.visit.client_id; })) {
      queue.push({ visit: built.visit, name: form.getAttribute("data-name") || "" });
      save(QKEY, queue);
    }
    window.location.href = form.getAttribute("data-done-url");
  });

  /* Offline visit page, built from the hamlet data kept on the phone ------- */
  function findHousehold(id) {
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key.indexOf(BKEY) !== 0) continue;
      var bundle = JSON.parse(localStorage.getItem(key));
      var found = bundle.households.filter(function (h) { return h.id === id; })[0];
      if (found) return { household: found, bundle: bundle };
    }
    return null;
  }
  function select(name, label, options, t) {
    var wrap = el("div", { "class": "field" });
    wrap.appendChild(el("label", { "for": "f-" + name }, label));
    var s = el("select", { id: "f-" + name, name: name });
    s.appendChild(el("option", { value: "" }, t.tChoose));
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
    wrap.appendChild(s);
    return wrap;
  }
  function buildOfflineForm(root) {
    var match = location.pathname.match(/\/outreach\/households\/(\d+)\/visit\//);
    var t = root.dataset;
    var found = match && findHousehold(parseInt(match[1], 10));
    root.textContent = "";
    if (!found) { root.appendChild(el("p", { "class": "msg msg-error" }, t.tMissing)); return; }
    var choices = JSON.parse(document.getElementById("visit-choices").textContent);
    var people = found.household.members.map(function (m) { return [String(m.id), m.name]; });
    var form = el("form", { "data-visit-form": "", "data-household": String(found.household.id),
      "data-name": found.household.name, "data-t-incomplete": t.tChoose,
      "data-done-url": "/outreach/units/" + found.bundle.unit_code + "/" });
    form.appendChild(el("h2", {}, found.household.name));
    for (var i = 0; i < 4; i++) {
      var row = el("fieldset", { "class": "box action-row" });
      row.appendChild(el("legend", {}, t.tAction + " " + (i + 1)));
      row.appendChild(select("person_" + i, t.tPerson, people, t));
      row.appendChild(select("kind_" + i, t.tAction, choices.actions, t));
      row.appendChild(select("outcome_" + i, t.tOutcome, choices.outcomes, t));
      var f = el("div", { "class": "field" });
      f.appendChild(el("label", { "for": "f-follow_up_" + i }, t.tFollow));
      f.appendChild(el("input", { id: "f-follow_up_" + i, type: "date", name: "follow_up_" + i }));
      row.appendChild(f);
      form.appendChild(row);
    }
    var fb = el("div", { "class": "field" });
    fb.appendChild(el("label", { "for": "f-feedback" }, t.tFeedback));
    fb.appendChild(el("textarea", { id: "f-feedback", name: "feedback", rows: "3" }));
    form.appendChild(fb);
    var actions = el("p", { "class": "form-actions" });
    actions.appendChild(el("button", { "class": "btn", type: "submit" }, t.tSave));
    form.appendChild(actions);
    root.appendChild(form);
  }

  /* Hamlet page: keep its households on the phone, filter as you type ------ */
  function keepBundle(node) {
    fetch(node.getAttribute("data-bundle-url"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw r.status; return r.json(); })
      .then(function (data) {
        localStorage.setItem(BKEY + data.unit_code, JSON.stringify(data));
        var mark = node.querySelector("[data-offline-ready]");
        if (mark) mark.hidden = false;
      }).catch(function () {
        if (localStorage.getItem(BKEY + node.getAttribute("data-bundle-unit"))) {
          var mark = node.querySelector("[data-offline-ready]");
          if (mark) mark.hidden = false;
        }
      });
  }
  function filterList(input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    input.addEventListener("input", function () {
      var key = fold(input.value);
      list.querySelectorAll("li[data-search]").forEach(function (li) {
        li.hidden = key && fold(li.getAttribute("data-search") + " " + li.textContent).indexOf(key) < 0;
      });
    });
  }

  /* Sign-out clears the households kept on the phone (not unsent visits) --- */
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute("data-signout")) return;
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var key = localStorage.key(i);
      if (key.indexOf(BKEY) === 0) localStorage.removeItem(key);
    }
    if (window.caches) caches.keys().then(function (keys) { keys.forEach(function (k) { caches.delete(k); }); });
  }, true);

  var offline = document.querySelector("[data-offline-visit]");
  if (offline) buildOfflineForm(offline);
  var bundle = document.querySelector("[data-bundle-url]");
  if (bundle) keepBundle(bundle);
  var filter = document.querySelector("[data-filter-list]");
  if (filter) filterList(filter);
  var now = document.querySelector("[data-sync-now]");
  if (now) now.addEventListener("click", sync);
  window.addEventListener("online", sync);
  setInterval(sync, 30000);
  render();
  sync();
  if ("serviceWorker" in navigator && location.pathname.indexOf("/outreach/") === 0) {
    navigator.serviceWorker.register("/outreach/sw.js", { scope: "/outreach/" });
  }
})();
