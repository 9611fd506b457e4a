/* Europa's embed, for other sites' pages:
     <script async src="https://HOST/embed.js" data-competition="SLUG"></script>
   puts the live bracket (with data-tie="QF1", one tie) where the script stands, and keeps
   the frame exactly as tall as what it shows. Options: data-theme (light, dark, auto),
   data-round, data-team, data-compact="1", data-lang (en, it, de, fr, pt, es; without it,
   the reader's browser chooses). Each script tag makes its own frame; nothing
   is left on window. Served from /embed.js for a few minutes at a time, so fixes spread. */
(function () {
  "use strict";
  var script = document.currentScript, data = script && script.dataset;
  if (!data || !data.competition) return;
  var origin = new URL(script.src).origin, query = new URLSearchParams();
  ["theme", "round", "team", "compact", "lang"].forEach(function (name) {
    if (data[name]) query.set(name, data[name]);
  });
  var frame = document.createElement("iframe");
  frame.src = origin + "/competitions/" + encodeURIComponent(data.competition) + "/" +
    (data.tie ? "ties/" + encodeURIComponent(data.tie) + "/" : "") + "embed/" +
    (String(query) ? "?" + query : "");
  frame.title = data.tie ? "Tie " + data.tie : "Knockout bracket";
  frame.setAttribute("scrolling", "no");
  // About as tall as the bracket or a tie shows on most screens, until the frame says.
  frame.style.cssText = "display:block;width:100%;border:0;overflow:hidden;height:" + (data.tie ? 640 : 900) + "px";
  script.parentNode.insertBefore(frame, script);

  // The embed page says how tall it is, and only to the origin that greeted it; we believe
  // only our own origin, and only this frame's page (several may be on one page).
  window.addEventListener("message", function (event) {
    var said = event.data;
    if (event.origin !== origin || event.source !== frame.contentWindow || !said || said.europa !== "size") return;
    if (typeof said.height === "number" && said.height > 0) frame.style.height = Math.ceil(said.height) + "px";
    if (typeof said.title === "string" && said.title) frame.title = said.title;
  });
  frame.addEventListener("load", function () {
    frame.contentWindow.postMessage({europa: "hello"}, origin);
  });
})();
