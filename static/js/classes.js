/* hocvuso classes: attendance on a phone, kept on the phone when there is no
   signal and synced with ids made here, so a retry never counts anyone twice.
   The page works without this script (plain form posts); it adds instant
   ticks and the offline queue. */
(function () {
  "use strict";
  var form = document.querySelector("[data-roster]");
  if (!form || !window.hocvuso || !window.localStorage || !window.fetch || !window.JSON) return;
  var hv = window.hocvuso, el = hv.el;
  var session = parseInt(form.getAttribute("data-session"), 10);
  var user = form.getAttribute("data-user");
  var refusedKey = "hocvuso.classes.rejected." + user;
  var box = document.querySelector("[data-sync-status]");
  var counter = document.querySelector("[data-count]");
  var list = form.querySelector("[data-roster-list]");

  function countPresent() {
    // Ticks on the roster and walk-ins added on this phone.
    if (counter) counter.textContent = String(form.querySelectorAll(
      "input[name=present]:checked, input[name=walk_in]:checked").length);
  }

  /* The status box and a mark on every tick still waiting to be sent. */
  function render(problem) {
    if (!box) return;
    var waiting = queue.load();
    var refused = queue.rejected().filter(function (r) {
      return !r.record || r.record.session_id === session;
    });
    hv.renderStatus(box, waiting.length, refused, problem);
    var marked = {}, notMarked = {};
    waiting.forEach(function (q) { if (q.record.person_id) marked[q.record.person_id] = true; });
    refused.forEach(function (r) {
      if (r.record && r.record.person_id && r.record.present) notMarked[r.record.person_id] = true;
    });
    form.querySelectorAll("input[name=present]").forEach(function (input) {
      var li = input.closest("li");
      li.classList.toggle("queued", !!marked[input.value]);
      // A tick the server refused is not a presence: untick it, say so.
      var wasRefused = !!notMarked[input.value] && !marked[input.value];
      li.classList.toggle("refused", wasRefused);
      if (wasRefused && input.checked) input.checked = false;
    });
    countPresent();
  }
  /* The shared offline queue (offline-queue.js). */
  var queue = hv.queue({
    key: "hocvuso.classes.queue." + user,
    rejectedKey: refusedKey,
    url: "/api/v1/classes/attendance/sync",
    field: "records",
    item: "record",
    render: render
  });
  var sync = queue.sync;

  function enqueue(record, name) {
    record.client_id = hv.newId();
    record.session_id = session;
    queue.add(record, name);
    render();
    sync();
  }

  /* A new tick for someone replaces what the server refused for them before. */
  function forgetRefused(personId) {
    var kept = queue.rejected().filter(function (r) {
      return !(r.record && r.record.session_id === session && r.record.person_id === personId);
    });
    localStorage.setItem(refusedKey, JSON.stringify(kept));
  }

  /* Roster ticks are sent one by one as they happen. */
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name !== "present") return;
    forgetRefused(parseInt(input.value, 10));
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
    var tick = el("input", { type: "checkbox", checked: "", disabled: "", name: "walk_in" });
    label.appendChild(tick);
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
    var fold = hv.fold;
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
