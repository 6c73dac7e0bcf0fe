{% load static %}/* hocvuso learning service worker: lessons already opened work without a
   signal. Pages: network first, the saved copy when offline. Styles, scripts
   and lesson pictures: the saved copy at once, refreshed in the background. */
var CACHE = "hocvuso-learn";
var STATIC = "{% get_static_prefix %}";
var CORE = ["{% url 'learning:home' %}", "{% static 'css/site.css' %}", "{% static 'css/learn.css' %}", "{% static 'js/learn.js' %}"];
var VERSION = "{{ version }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CORE);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function keep(request, response) {
  if (response && response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  var isMedia = url.pathname.indexOf("/media/") > 0 && url.pathname.indexOf("/learn/") === 0;
  if (url.pathname.indexOf(STATIC) === 0 || isMedia) {
    event.respondWith(caches.match(request, { ignoreVary: true }).then(function (hit) {
      var fresh = fetch(request).then(function (response) { return keep(request, response); });
      if (hit) { fresh.catch(function () {}); return hit; }
      return fresh;
    }));
    return;
  }
  if (request.mode === "navigate" && url.pathname.indexOf("/learn/") === 0) {
    event.respondWith(fetch(request).then(function (response) {
      return keep(request, response);
    }).catch(function () {
      return caches.match(request, { ignoreVary: true }).then(function (hit) {
        return hit || caches.match(url.pathname, { ignoreVary: true }).then(function (page) {
          return page || caches.match("{% url 'learning:home' %}", { ignoreVary: true });
        });
      });
    }));
  }
});
