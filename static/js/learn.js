/* hocvuso lessons: read aloud, quick checks answered in place, progress kept
   on this phone (localStorage "hocvuso.progress") and lessons saved for
   offline use. Every page works without this file. */
(function () {
  "use strict";
  var KEY = "hocvuso.progress";
  var CACHE = "hocvuso-learn";

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch (e) { return {}; }
  }
  function save(lesson, change) {
    var all = load();
    var entry = all[lesson] || { checks: {} };
    entry.checks = entry.checks || {};
    change(entry);
    all[lesson] = entry;
    try { localStorage.setItem(KEY, JSON.stringify(all)); } catch (e) { /* storage full or blocked */ }
  }
  function show(el, on) { if (el) el.hidden = !on; }

  var article = document.querySelector("article.lesson[data-lesson]");
  var lessonKey = article && article.getAttribute("data-lesson");

  /* Read aloud with the browser's voice; a Vietnamese voice when there is one. */
  var synth = window.speechSynthesis;
  if (article && synth && window.SpeechSynthesisUtterance) {
    var lang = article.getAttribute("lang") || "vi";
    var tag = { vi: "vi-VN", en: "en-US", km: "km-KH" }[lang] || lang;
    var speaking = null;
    var reset = function () {
      if (speaking) speaking.querySelector("span").textContent = article.getAttribute("data-say-label");
      speaking = null;
    };
    var voiceFor = function () {
      return synth.getVoices().filter(function (v) {
        return v.lang.replace("_", "-").toLowerCase().indexOf(lang) === 0;
      })[0];
    };
    /* A phone that lists its voices but has none for this language would read
       the text with a foreign voice: offer no button there. */
    var checkVoices = function () {
      if (!synth.getVoices().length || voiceFor()) return;
      document.documentElement.classList.remove("can-say");
      document.querySelectorAll("[data-say]").forEach(function (button) { show(button, false); });
    };
    document.querySelectorAll("[data-say]").forEach(function (button) {
      show(button, true);
      button.addEventListener("click", function () {
        var was = speaking;
        synth.cancel();
        reset();
        if (was === button) return;
        var text = button.parentNode.querySelector("[data-say-text]");
        var say = new SpeechSynthesisUtterance(text ? text.textContent : "");
        say.lang = tag;
        var voice = voiceFor();
        if (voice) say.voice = voice;
        say.rate = 0.9;
        say.onend = say.onerror = function () { if (speaking === button) reset(); };
        speaking = button;
        button.querySelector("span").textContent = article.getAttribute("data-say-stop");
        synth.speak(say);
      });
    });
    checkVoices();
    if (synth.addEventListener) synth.addEventListener("voiceschanged", checkVoices);
  }

  /* Quick checks answered in place; the form still posts without JS. */
  document.querySelectorAll("form[data-check]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = form.querySelector("input[name=choice]:checked");
      var right = picked && picked.value === form.getAttribute("data-answer");
      show(form.querySelector("[data-none]"), !picked);
      show(form.querySelector("[data-right]"), !!right);
      show(form.querySelector("[data-wrong]"), !!picked && !right);
      if (picked && lessonKey) {
        save(lessonKey, function (entry) { entry.checks[form.getAttribute("data-check")] = parseInt(picked.value, 10); });
      }
    });
  });

  /* "I have finished this lesson". */
  var done = document.querySelector("[data-done]");
  if (done && lessonKey) {
    var note = document.querySelector("[data-done-note]");
    var finished = !!(load()[lessonKey] || {}).done;
    show(done, !finished);
    show(note, finished);
    done.addEventListener("click", function () {
      save(lessonKey, function (entry) { entry.done = new Date().toISOString(); });
      show(done, false);
      show(note, true);
    });
  }

  /* Ticks on the course page. */
  var progress = load();
  document.querySelectorAll("li[data-lesson]").forEach(function (item) {
    show(item.querySelector("[data-done-mark]"), !!(progress[item.getAttribute("data-lesson")] || {}).done);
  });

  /* Offline: save this page and what it uses, then mark what is available. */
  function markOffline() {
    if (!window.caches) return;
    caches.open(CACHE).then(function (cache) {
      if (article) {
        cache.match(location.href, { ignoreVary: true }).then(function (hit) { show(document.querySelector("article [data-offline-mark]"), !!hit); });
      }
      document.querySelectorAll("li[data-lesson]").forEach(function (item) {
        var link = item.querySelector("a");
        cache.match(link.href, { ignoreVary: true }).then(function (hit) { show(item.querySelector("[data-offline-mark]"), !!hit); });
      });
    });
  }
  function saveOffline() {
    navigator.serviceWorker.register("/learn/sw.js").then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      if (!article) return markOffline();
      var urls = [location.href];
      document.querySelectorAll("link[rel=stylesheet][href], script[src], img[src], track[src]").forEach(function (el) {
        urls.push(el.href || el.src);
      });
      return caches.open(CACHE).then(function (cache) {
        return Promise.all(urls.map(function (u) {
          return cache.add(u).catch(function () {});
        }));
      }).then(markOffline);
    }).catch(function () {});
  }
  /* After the page has loaded and the phone is idle, so reading comes first. */
  if ("serviceWorker" in navigator && window.caches) {
    var later = function () {
      (window.requestIdleCallback || setTimeout)(saveOffline, { timeout: 3000 });
    };
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later);
  }
})();
