{% load static %}/* hocvuso practice service worker (scope /practice/): simulators already
   opened work again without a signal. Pages: network first, the saved copy
   when offline. Styles and scripts: the saved copy at once, refreshed behind. */
var CACHE = "hocvuso-practice-{{ version }}";
var STATIC = "{% get_static_prefix %}";

self.addEventListener("install", function (event) {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return n.indexOf("hocvuso-practice-") === 0 && n !== CACHE;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

// A page asks to keep itself and its assets on its first visit.
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.cache) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.filter(function (u) {
      return new URL(u).origin === self.location.origin;
    }).map(function (u) { return cache.add(u).catch(function () {}); }));
  }).then(function () {
    if (event.source) event.source.postMessage({ cached: true });
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(STATIC) === 0) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then(function (hit) {
      var fresh = fetch(request).then(function (response) { return keep(request, response); });
      if (hit) { fresh.catch(function () {}); return hit; }
      return fresh;
    }));
  } else if (request.mode === "navigate" && url.pathname.indexOf("{% url 'practice:simulator-list' %}") === 0) {
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || caches.match(url.pathname, { ignoreVary: true, ignoreSearch: true });
      });
    }));
  }
});
