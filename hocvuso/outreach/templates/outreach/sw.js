{% load static %}/* hocvuso outreach service worker: outreach pages and the hamlet data work
   without a signal. Pages: network first, the last copy when offline; a visit
   form never opened before falls back to the offline visit page. */
var CACHE = "hocvuso-outreach-{{ version }}";
var SHELL = "{% url 'outreach:offline-visit' %}";
var CORE = [SHELL, "{% url 'outreach:home' %}", "{% static 'css/site.css' %}", "{% static 'js/offline-queue.js' %}", "{% static 'js/outreach.js' %}"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CORE);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("hocvuso-outreach-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (response && response.ok) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === "/api/v1/outreach/visits/sync") {
    // Sent from here, a sync fails as a whole when the signal drops, so the
    // phone never loses track of what the server has.
    event.respondWith(fetch(request));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate" && url.pathname.indexOf("/outreach/") === 0) {
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }).catch(function () {
      return caches.match(request, { ignoreSearch: false }).then(function (hit) {
        if (hit) return hit;
        if (/^\/outreach\/households\/\d+\/visit\/$/.test(url.pathname)) return caches.match(SHELL);
        return caches.match("{% url 'outreach:home' %}");
      });
    }));
    return;
  }
  if (url.pathname.indexOf("{% get_static_prefix %}") === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) { return keep(request, response); });
    }));
    return;
  }
  if (url.pathname.indexOf("/api/v1/outreach/units/") === 0) {
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }).catch(function () { return caches.match(request); }));
  }
});
