/* hocvuso offline queue, shared by door-to-door visits (outreach.js) and class
   attendance (classes.js): what is recorded on a phone is kept in localStorage
   and sent in batches with ids made on the phone, so a retry never stores
   anything twice and nothing is lost when the signal drops.

   hocvuso.queue({ key, rejectedKey, url, field, item, render }) returns
   { load, add, sync }:
   - key / rejectedKey: localStorage keys of the waiting and the refused items;
   - url: the sync API; it answers { results: [{ client_id, status, error }] };
   - field: the name of the list in the request body ("visits", "records");
   - item: the property holding the record in a queued item ("visit", "record");
   - render(problem): redraws the status ("offline", "auth" or nothing).
   Refused items are kept apart (rejectedKey) with their record and message. */
(function () {
  "use strict";
  var hocvuso = window.hocvuso = window.hocvuso || {};

  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return m ? decodeURIComponent(m[1]) : (field ? field.value : "");
  }

  hocvuso.newId = function () {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return "dev-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  };
  hocvuso.el = function (tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  };
  /* Search without accents: "nguyen van" finds "Nguyễn Văn". */
  hocvuso.fold = function (text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase().replace(/\s+/g, " ").trim();
  };

  hocvuso.queue = function (o) {
    var BATCH = 100;
    var size = BATCH, syncing = false;
    var idOf = function (queued) { return queued[o.item].client_id; };

    /* Keep one item; an item already waiting (same client id) is not added twice. */
    function add(record, name) {
      var queue = load(o.key);
      if (!queue.some(function (q) { return idOf(q) === record.client_id; })) {
        var queued = { name: name || "" };
        queued[o.item] = record;
        queue.push(queued);
        save(o.key, queue);
      }
    }

    function sync() {
      var queue = load(o.key);
      if (syncing || !queue.length) { o.render(); return; }
      syncing = true;
      var batch = queue.slice(0, size);
      // A stalled connection must not hold the queue: give up after 30 s and
      // let the next attempt try again.
      var stop = window.AbortController ? new AbortController() : null;
      var timer = setTimeout(function () { if (stop) stop.abort(); }, 30000);
      var body = {};
      body[o.field] = batch.map(function (q) { return q[o.item]; });
      fetch(o.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify(body),
        signal: stop ? stop.signal : undefined
      }).then(function (response) {
        clearTimeout(timer);
        if (response.status === 401 || response.status === 403) throw "auth";
        // A batch the API cannot read at all: send one at a time, so the one
        // bad item is set aside with its message and the others go through.
        if (response.status === 422 && batch.length === 1) {
          return response.json().then(function (data) {
            return { results: [{ client_id: idOf(batch[0]), status: "rejected", error: data.error }] };
          });
        }
        if (response.status === 422) { size = 1; throw "retry"; }
        if (!response.ok) throw "server";
        return response.json();
      }).then(function (data) {
        var done = {}, rejected = load(o.rejectedKey);
        data.results.forEach(function (result) {
          done[result.client_id] = true;
          if (result.status === "rejected") {
            var queued = batch.filter(function (q) { return idOf(q) === result.client_id; })[0];
            rejected.push({ client_id: result.client_id, name: queued ? queued.name : "",
              message: result.error ? result.error.message : "",
              record: queued ? queued[o.item] : null });
          }
        });
        save(o.key, load(o.key).filter(function (q) { return !done[idOf(q)]; }));
        save(o.rejectedKey, rejected);
        syncing = false;
        size = BATCH;
        o.render();
        if (load(o.key).length) sync();
      }).catch(function (problem) {
        clearTimeout(timer);
        syncing = false;
        if (problem === "retry") { sync(); return; }
        o.render(problem === "auth" ? "auth" : "offline");
      });
    }

    return {
      load: function () { return load(o.key); },
      rejected: function () { return load(o.rejectedKey); },
      add: add,
      sync: sync
    };
  };

  /* The status box both pages show: how many wait, why, and what was refused. */
  hocvuso.renderStatus = function (box, waiting, rejected, problem) {
    var t = box.dataset;
    var list = box.querySelector("[data-sync-rejected]");
    box.hidden = !waiting && !rejected.length && !problem;
    // Never "all sent" while refused items are listed: say what was refused.
    var message = waiting ? t.tWaiting.replace("{n}", waiting)
      : (rejected.length && t.tRefused ? t.tRefused.replace("{n}", rejected.length) : t.tSent);
    if (waiting && problem === "offline") message += " " + t.tOffline;
    if (waiting && problem === "auth") message += " " + t.tSignin;
    box.querySelector("[data-sync-text]").textContent = message;
    box.setAttribute("data-waiting", String(waiting));
    list.textContent = "";
    rejected.forEach(function (r) {
      list.appendChild(hocvuso.el("li", {}, t.tRejected + ": " + (r.name || "") + " — " + r.message));
    });
  };
})();
