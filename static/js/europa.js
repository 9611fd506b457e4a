// Our few lines, loaded as a file so that the Content-Security-Policy can forbid inline
// script: kick-off times in the reader's own time zone, which round a phone shows, and
// polling only while the page is seen. Everything but the live redraw works without them.
(function () {
  "use strict";
  var when = {weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit"};

  function localise(root) {
    root.querySelectorAll("time[data-kickoff]").forEach(function (time) {
      time.textContent = new Date(time.dateTime).toLocaleString([], when);
    });
  }

  function markRound() {
    var rounds = document.querySelector(".bracket");
    if (!rounds) return;
    var left = rounds.getBoundingClientRect().left, shown = null;
    rounds.querySelectorAll(".round").forEach(function (round) {
      if (shown === null && round.getBoundingClientRect().right > left + 8) shown = round.id;
    });
    document.querySelectorAll(".round-tabs a").forEach(function (tab) {
      if (tab.hash === "#" + shown) tab.setAttribute("aria-current", "true");
      else tab.removeAttribute("aria-current");
    });
  }

  function seen() {
    return document.visibilityState === "visible";
  }

  // The live region polls "every Ns, seen" (live.poll_trigger). A hidden page asks for
  // nothing, and asks at once when it is seen again.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!seen() && event.detail.elt.matches(".live-region")) event.preventDefault();
  });
  document.addEventListener("visibilitychange", function () {
    if (!seen() || !window.htmx) return;
    document.querySelectorAll(".live-region[hx-get]").forEach(function (region) {
      htmx.trigger(region, "seen");
    });
  });

  function start() {
    localise(document);
    markRound();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("scroll", markRound, {capture: true, passive: true});
  document.addEventListener("htmx:afterSettle", function (event) { localise(event.target); markRound(); });
})();
