/* hocvuso classes: attendance on a phone, kept on the phone when there is no
   signal and synced with ids made here, so a retry never counts anyone twice.
   The page works without this script (plain form posts); it adds instant
   ticks and the offline queue. */
(function () {
  "use strict";
  var form = document.querySelector("[data-roster]");
  if (!form || !window.localStorage || !window.fetch || !window.JSON) return;
  var session = parseInt(form.getAttribute("data-session"), 10);
  var QKEY = "hocvuso.classes.queue." + form.getAttribute("data-user");
  var RKEY = "hocvuso.classes.rejected." + form.getAttribute("data-user");
  var SYNC_URL = "/api/v1/classes/attendance/sync";
  var syncing = false;
  var box = document.querySelector("[data-sync-status]");
  var counter = document.querySelector("[data-count]");
  var list = form.querySelector("[data-roster-list]");

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function csrf() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : (field ? field.value : "");
  }
  function newId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
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

  function countPresent() {
    if (counter) counter.textContent = String(form.querySelectorAll("input[name=present]:checked").length);
  }

  function render(problem) {
    if (!box) return;
    var queue = load(QKEY), rejected = load(RKEY), t = box.dataset;
    var text = box.querySelector("[data-sync-text]");
    var rejectedList = box.querySelector("[data-sync-rejected]");
    box.hidden = !queue.length && !rejected.length && !problem;
    var message = queue.length ? t.tWaiting.replace("{n}", queue.length) : t.tSent;
    if (queue.length && problem === "offline") message += " " + t.tOffline;
    if (queue.length && problem === "auth") message += " " + t.tSignin;
    text.textContent = message;
    box.setAttribute("data-waiting", String(queue.length));
    rejectedList.textContent = "";
    rejected.forEach(function (r) {
      rejectedList.appendChild(el("li", {}, t.tRejected + ": " + (r.name || "") + " — " + r.message));
    });
    var waiting = {};
    queue.forEach(function (q) { if (q.record.person_id) waiting[q.record.person_id] = true; });
    form.querySelectorAll("input[name=present]").forEach(function (input) {
      input.closest("li").classList.toggle("queued", !!waiting[input.value]);
    });
  }

  function enqueue(record, name) {
    record.client_id = newId();
    record.session_id = session;
    var queue = load(QKEY);
    queue.push({ record: record, name: name || "" });
    save(QKEY, queue);
    render();
    sync();
  }

  function sync() {
    var queue = load(QKEY);
    if (syncing || !queue.length) { render(); return; }
    syncing = true;
    var batch = queue.slice(0, 100);
    fetch(SYNC_URL, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ records: batch.map(function (q) { return q.record; }) })
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) throw "auth";
      if (!response.ok) throw "server";
      return response.json();
    }).then(function (data) {
      var done = {}, rejected = load(RKEY);
      data.results.forEach(function (result) {
        done[result.client_id] = true;
        if (result.status === "rejected") {
          var item = batch.filter(function (q) { return q.record.client_id === result.client_id; })[0];
          rejected.push({ name: item ? item.name : "", message: result.error ? result.error.message : "" });
        }
      });
      save(QKEY, load(QKEY).filter(function (q) { return !done[q.record.client_id]; }));
      save(RKEY, rejected);
      syncing = false;
      render();
      if (load(QKEY).length) sync();
    }).catch(function (problem) {
      syncing = false;
      render(problem === "auth" ? "auth" : "offline");
    });
  }

  /* Roster ticks are sent one by one as they happen. */
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name !== "present") return;
    var name = input.closest("label").textContent.trim();
    enqueue({ person_id: parseInt(input.value, 10), present: input.checked }, name);
    countPresent();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); sync(); });
  var noJs = form.querySelector("[data-no-js]");
  if (noJs) noJs.hidden = true;

  /* A walk-in is added to the list at once and sent with the rest. */
  var walkIn = document.querySelector("[data-walk-in-form]");
  if (walkIn) walkIn.addEventListener("submit", function (event) {
    event.preventDefault();
    var get = function (n) { var f = walkIn.querySelector("[name=" + n + "]"); return f ? f.value.trim() : ""; };
    var name = get("full_name");
    if (!name) { walkIn.querySelector("[name=full_name]").focus(); return; }
    var year = parseInt(get("birth_year"), 10);
    enqueue({ walk_in: { full_name: name, birth_year: isNaN(year) ? null : year,
      phone: get("phone"), sex: get("sex") } }, name);
    var li = el("li", { "class": "queued" });
    var label = el("label", { "class": "tick" });
    var box = el("input", { type: "checkbox", checked: "", disabled: "", name: "walk_in" });
    label.appendChild(box);
    label.appendChild(el("span", {}, name));
    li.appendChild(label);
    list.appendChild(li);
    if (counter) counter.textContent = String(parseInt(counter.textContent, 10) + 1);
    walkIn.reset();
    walkIn.querySelector("[name=full_name]").focus();
  });

  /* A scanned card: the server knows whose it is. */
  var card = document.querySelector("[data-card-form]");
  if (card) card.addEventListener("submit", function (event) {
    event.preventDefault();
    var field = card.querySelector("[name=card]");
    var value = field.value.trim();
    if (!value) { field.focus(); return; }
    enqueue({ card: value }, box ? box.dataset.tCard : "");
    field.value = "";
    field.focus();
  });

  /* Find a name in a long list, with or without accents. */
  var filter = document.querySelector("[data-roster-filter]");
  if (filter) {
    var fold = function (text) {
      return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
        .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
    };
    filter.hidden = false;
    filter.querySelector("input").addEventListener("input", function (event) {
      var key = fold(event.target.value);
      list.querySelectorAll("li").forEach(function (li) {
        li.hidden = key !== "" && fold(li.textContent).indexOf(key) === -1;
      });
    });
  }

  var clear = box && box.querySelector("[data-sync-now]");
  if (clear) clear.addEventListener("click", sync);
  window.addEventListener("online", sync);
  setInterval(sync, 10000);
  render();
  sync();
})();
