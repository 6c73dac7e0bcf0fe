/* hocvuso outreach: visits recorded without a signal, kept on the phone and
   synced with ids made here, so a retry never stores a visit twice. The pages
   work without this script; it adds the offline queue. */
(function () {
  "use strict";
  var body = document.body;
  var user = body.getAttribute("data-user");
  if (!user || !window.hocvuso || !window.localStorage || !window.fetch || !window.JSON) return;
  var hv = window.hocvuso, el = hv.el, fold = hv.fold;
  var BKEY = "hocvuso.bundle.";

  /* Status bar and sync: the shared offline queue (offline-queue.js). */
  function render(problem) {
    var box = document.querySelector("[data-sync-status]");
    if (box) hv.renderStatus(box, queue.load().length, queue.rejected(), problem);
  }
  var queue = hv.queue({
    key: "hocvuso.visits." + user,
    rejectedKey: "hocvuso.rejected." + user,
    url: "/api/v1/outreach/visits/sync",
    field: "visits",
    item: "visit",
    render: render
  });
  var sync = queue.sync;

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
        client_id: idField && idField.value ? idField.value : hv.newId(),
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
    queue.add(built.visit, form.getAttribute("data-name"));
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
