// Our few lines, loaded as a file so that the Content-Security-Policy can forbid inline
// script: kick-off times in the reader's own time zone, which round a phone shows, and
// polling only while the page is seen. Everything but the live redraw works without them.
(function () {
  "use strict";
  // In the page's language whatever the browser's (an Italian page reads "gio 11 apr, 21:00"),
  // and on the 24-hour clock in every one of them.
  var when = {weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"};

  function localise(root) {
    // English as the site writes it, day before month (europa/formats/en).
    var language = document.documentElement.lang || "en";
    if (language === "en") language = "en-GB";
    root.querySelectorAll("time[data-kickoff]").forEach(function (time) {
      time.textContent = new Date(time.dateTime).toLocaleString(language, when);
    });
  }

  // Where the rounds are paged, the tab of the first round shown is current and in view,
  // and the bracket is as tall as the rounds shown, so that the final's page is not as tall
  // as the first round's. Measured again only when the rounds shown change, or after a redraw.
  var measured = "";
  function markRound(redrawn) {
    var rounds = document.querySelector(".bracket");
    if (!rounds) return;
    var box = rounds.getBoundingClientRect(), shown = [];
    rounds.querySelectorAll(".round").forEach(function (round) {
      var edges = round.getBoundingClientRect();
      if (edges.width && edges.right > box.left + 8 && edges.left < box.right - 8) shown.push(round);
    });
    // (Facing halves draw no box for a round, and show every one: nothing is paged.)
    var paged = shown.length > 0 && rounds.scrollWidth > rounds.clientWidth + 1;
    document.querySelectorAll(".round-tabs a").forEach(function (tab) {
      if (!shown.length || tab.hash !== "#" + shown[0].id) return tab.removeAttribute("aria-current");
      if (tab.hasAttribute("aria-current")) return;
      tab.setAttribute("aria-current", "true");
      var bar = tab.parentElement;
      if (tab.offsetLeft < bar.scrollLeft || tab.offsetLeft + tab.offsetWidth > bar.scrollLeft + bar.clientWidth) {
        bar.scrollTo({left: tab.offsetLeft - (bar.clientWidth - tab.offsetWidth) / 2, behavior: "instant"});
      }
    });
    var key = paged ? shown.map(function (round) { return round.id; }).join(" ") : "";
    if (key === measured && redrawn !== true) return;
    measured = key;
    rounds.style.height = "";
    if (!paged) return;
    rounds.setAttribute("data-measuring", "");
    var tallest = Math.max.apply(null, shown.map(function (round) { return round.offsetHeight; }));
    rounds.removeAttribute("data-measuring");
    rounds.style.height = tallest + "px";
  }

  // A side whose full name would be cut shows its short name instead, and one whose name is
  // cut even so, without its country (europa.css). Each step measures all sides at once.
  function fitNames(root) {
    var sides = Array.prototype.slice.call(root.querySelectorAll(".side"));
    function cut(element) { return element.scrollWidth > element.clientWidth + 1; }
    function shown(side) {
      var full = side.querySelector(".side__full");
      if (full && full.getBoundingClientRect().width > 1) return full;
      return side.querySelector(".side__short") || side.querySelector("a.side__name");
    }
    sides.forEach(function (side) { side.classList.remove("side--short", "side--tight"); });
    sides.filter(function (side) {
      var full = side.querySelector(".side__full");
      return full && cut(full);
    }).forEach(function (side) { side.classList.add("side--short"); });
    sides.filter(function (side) {
      var name = side.querySelector("a.side__name") && shown(side);
      return name && cut(name);
    }).forEach(function (side) { side.classList.add("side--tight"); });
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

  // An embed that asks to start at a round (?round=SF) shows it first where rounds are paged.
  function startRound() {
    var rounds = document.querySelector(".bracket[data-start]");
    var round = rounds && document.getElementById(rounds.dataset.start);
    if (round) {
      var left = round.getBoundingClientRect().left - rounds.getBoundingClientRect().left;
      rounds.scrollTo({left: rounds.scrollLeft + left, behavior: "instant"});
    }
  }

  // Inside another site's page, through embed.js: once the page around greets us, tell it
  // how tall we are whenever that changes, and tell nobody else.
  var embedder = null;
  function tellSize() {
    if (!embedder) return;
    var height = document.documentElement.getBoundingClientRect().height;
    window.parent.postMessage({europa: "size", height: height, title: document.title}, embedder);
  }
  window.addEventListener("message", function (event) {
    var greeting = event.data && event.data.europa === "hello";
    if (!greeting || window.parent === window || event.source !== window.parent || event.origin === "null") return;
    embedder = event.origin;
    tellSize();
  });
  if (window.ResizeObserver) new ResizeObserver(tellSize).observe(document.documentElement);
  // A frame out of sight is not rendered, so the observer waits until the reader scrolls
  // to it; a redraw measures at once, so that the page around does not jump then.
  document.addEventListener("htmx:afterSettle", tellSize);

  // The "Embed" disclosure: the snippets and the preview follow the options, and a button
  // copies a snippet. Without script the snippets are there to select and the form
  // shows its options in the preview.
  function embedding(form) {
    var box = form.closest(".embedding"), preview = box.querySelector(".embedding__preview");
    // The preview is sized as embed.js sizes an embed elsewhere.
    preview.addEventListener("load", function () {
      preview.contentWindow.postMessage({europa: "hello"}, location.origin);
    });
    window.addEventListener("message", function (event) {
      var said = event.data;
      if (event.origin !== location.origin || event.source !== preview.contentWindow || !said || said.europa !== "size") return;
      var border = preview.offsetHeight - preview.clientHeight;
      if (typeof said.height === "number" && said.height > 0) preview.style.height = Math.ceil(said.height) + border + "px";
    });
    function snippet(kind, from, to) {
      var area = box.querySelector("[data-snippet=" + kind + "]");
      area.value = area.value.replace(from, to);
    }
    form.addEventListener("change", function () {
      var query = new URLSearchParams(), data = "";
      new FormData(form).forEach(function (value, name) {
        if (!value || value === "auto") return;
        query.set(name, value);
        data += " data-" + name + '="' + value + '"';
      });
      var address = form.action + (String(query) ? "?" + query : ""), iframe = box.querySelector("[data-snippet=iframe]");
      snippet("script", /( data-(theme|round|team|compact|lang)="[^"]*")*><\/script>/, data + "></script>");
      snippet("iframe", /src="[^"]*"/, 'src="' + address.replace(/&/g, "&amp;") + '"');
      snippet("iframe", /height="\d+"/, 'height="' + iframe.dataset[query.has("compact") ? "compactHeight" : "height"] + '"');
      preview.src = address;
    });
    // The button's words come in the page's language from the template (embedding.html).
    box.querySelectorAll("[data-copy]").forEach(function (button) {
      var area = document.getElementById(button.dataset.copy), label = button.textContent;
      function say(what) {
        button.textContent = what;
        setTimeout(function () { button.textContent = label; }, 2500);
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        area.select();
        var copied = navigator.clipboard ? navigator.clipboard.writeText(area.value) : Promise.reject();
        copied.then(function () { say(button.dataset.copied); }, function () { say(button.dataset.selected); });
      });
    });
  }

  function start() {
    localise(document);
    fitNames(document);
    startRound();
    markRound(true);
    document.querySelectorAll(".embedding__options").forEach(embedding);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  document.addEventListener("scroll", function () { markRound(false); }, {capture: true, passive: true});
  window.addEventListener("resize", function () { fitNames(document); markRound(true); });
  document.addEventListener("htmx:afterSettle", function (event) {
    localise(event.target);
    fitNames(event.target);
    markRound(true);
  });
})();
