/* vendor/idiomorph-ext-0.8.0.min.js */
var Idiomorph=function(){"use strict";const e=()=>{};const n={morphStyle:"outerHTML",callbacks:{beforeNodeAdded:e,afterNodeAdded:e,beforeNodeMorphed:e,afterNodeMorphed:e,beforeNodeRemoved:e,afterNodeRemoved:e,beforeAttributeUpdated:e},head:{style:"merge",shouldPreserve:e=>e.getAttribute("im-preserve")==="true",shouldReAppend:e=>e.getAttribute("im-re-append")==="true",shouldRemove:e,afterHeadMorphed:e},restoreFocus:true};function t(e,t,n={}){const r=u(e);const o=f(t);const i=d(r,o,n);return c(i,r,o,e=>{const t=a(e,()=>{if(e.morphStyle==="innerHTML"){s(e,r,o);return Array.from(r.childNodes)}else{return l(e,r,o)}});e.pantry.remove();return t})}function l(e,t,n){const r=f(t);s(e,r,n,t,t.nextSibling);return Array.from(r.childNodes)}function a(e,t){if(!e.config.restoreFocus)return t();let n=e.doc.activeElement;if(!(g.inputElement(n)||g.textAreaElement(n))){return t()}const{id:r,selectionStart:o,selectionEnd:i}=n;const l=t();if(r&&r!==e.doc.activeElement?.getAttribute("id")){n=e.target.querySelector(`[id="${CSS.escape(r)}"]`);n?.focus()}if(n&&!n.selectionEnd&&i){try{n.setSelectionRange(o,i)}catch{}}return l}const s=function(){function e(e,t,n,r=null,o=null){if(g.templateElement(t)&&g.templateElement(n)){t=t.content;n=n.content}r||=t.firstChild;for(const i of n.childNodes){if(r&&r!=o){const a=f(e,i,r,o);if(a){if(a!==r){m(e,r,a)}b(a,i,e);r=a.nextSibling;continue}}if(g.element(i)){const s=i.getAttribute("id");if(e.persistentIds.has(s)){const c=p(t,s,r,e);b(c,i,e);r=c.nextSibling;continue}}const l=u(t,i,r,e);if(l){r=l.nextSibling}}while(r&&r!=o){const d=r;r=r.nextSibling;h(e,d)}}function u(e,t,n,r){if(r.callbacks.beforeNodeAdded(t)===false)return null;if(r.idMap.has(t)){const o=r.doc.createElementNS(t.namespaceURI,t.localName);e.insertBefore(o,n);b(o,t,r);r.callbacks.afterNodeAdded(o);return o}else{const i=r.doc.importNode(t,true);e.insertBefore(i,n);r.callbacks.afterNodeAdded(i);return i}}const f=function(){function e(e,t,n,r){let o=null;let i=t.nextSibling;let l=0;let a=n;while(a&&a!=r){if(c(a,t)){if(s(e,a,t)){return a}if(o===null){if(!e.idMap.has(a)){o=a}}}if(o===null&&i&&c(a,i)){l++;i=i.nextSibling;if(l>=2){o=undefined}}if(e.activeElementAndParents.includes(a))break;a=a.nextSibling}return o||null}function s(e,t,n){let r=e.idMap.get(t);let o=e.idMap.get(n);if(!o||!r)return false;for(const i of r){if(o.has(i)){return true}}return false}function c(e,t){const n=e;const r=t;return n.nodeType===r.nodeType&&n.tagName===r.tagName&&(!n.getAttribute?.("id")||n.getAttribute?.("id")===r.getAttribute?.("id"))}return e}();function h(e,t){if(t===e.pantry)return;if(e.idMap.has(t)){a(e.pantry,t,null)}else{if(e.callbacks.beforeNodeRemoved(t)===false)return;t.parentNode?.removeChild(t);e.callbacks.afterNodeRemoved(t)}}function m(t,e,n){let r=e;while(r&&r!==n){let e=r;r=r.nextSibling;h(t,e)}return r}function p(e,t,n,r){const o=`[id="${CSS.escape(t)}"]`;const i=r.target.getAttribute?.("id")===t&&r.target||r.target.querySelector(o)||r.pantry.querySelector(o);l(i,r);a(e,i,n);return i}function l(t,n){const r=t.getAttribute("id");while(t=t.parentNode){let e=n.idMap.get(t);if(e){e.delete(r);if(!e.size){n.idMap.delete(t)}}}}function a(t,n,r){if(t.moveBefore){try{t.moveBefore(n,r)}catch(e){t.insertBefore(n,r)}}else{t.insertBefore(n,r)}}return e}();const b=function(){function e(e,t,n){if(n.ignoreActive&&e===n.doc.activeElement){return null}if(n.callbacks.beforeNodeMorphed(e,t)===false){return e}if(g.headElement(e)&&n.head.style==="none"){}else if(g.headElement(e)&&n.head.style!=="morph"){h(e,t,n)}else{r(e,t,n);if(!f(e,n)){s(n,e,t)}}n.callbacks.afterNodeMorphed(e,t);return e}function r(e,t,n){let r=t.nodeType;if(r===1){const o=e;const i=t;const l=o.attributes;const a=i.attributes;for(const s of a){if(o.getAttribute(s.name)===s.value){continue}if(u(s.name,o,"update",n)){continue}o.setAttributeNode(s.cloneNode())}for(let e=l.length-1;0<=e;e--){const c=l[e];if(!c)continue;if(!i.hasAttribute(c.name)){if(u(c.name,o,"remove",n)){continue}o.removeAttribute(c.name)}}if(!f(o,n)){d(o,i,n)}}if(r===8||r===3){if(e.nodeValue!==t.nodeValue){e.nodeValue=t.nodeValue}}}function d(n,r,o){if(g.inputElement(n)&&g.inputElement(r)&&r.type!=="file"){let e=r.value;let t=n.value;i(n,r,"checked",o);i(n,r,"disabled",o);if(!r.hasAttribute("value")){if(!u("value",n,"remove",o)){n.value="";n.removeAttribute("value")}}else if(t!==e){if(!u("value",n,"update",o)){n.setAttribute("value",e);n.value=e}}}else if(g.optionElement(n)&&g.optionElement(r)){i(n,r,"selected",o)}else if(g.textAreaElement(n)&&g.textAreaElement(r)){let e=r.value;let t=n.value;if(u("value",n,"update",o)){return}if(e!==t){n.value=e}if(n.firstChild&&n.firstChild.nodeValue!==e){n.firstChild.nodeValue=e}}}function i(e,t,n,r){const o=t[n],i=e[n];if(o!==i){const l=u(n,e,"update",r);if(!l){e[n]=t[n]}if(o){if(!l){e.setAttribute(n,"")}}else{if(!u(n,e,"remove",r)){e.removeAttribute(n)}}}}function u(e,t,n,r){if(e==="value"&&r.ignoreActiveValue&&t===r.doc.activeElement){return true}return r.callbacks.beforeAttributeUpdated(e,t,n)===false}function f(e,t){return!!t.ignoreActiveValue&&e===t.doc.activeElement&&e!==t.doc.body}return e}();function c(t,e,n,r){if(t.head.block&&t.head.style!=="none"){const o=e.querySelector("head");const i=n.querySelector("head");if(o&&i){const l=h(o,i,t);return Promise.all(l).then(()=>{const e=Object.assign(t,{head:{block:false,style:"none"}});return r(e)})}}return r(t)}function h(e,t,r){let o=[];let i=[];let l=[];let a=[];let s=new Map;for(const n of t.children){s.set(n.outerHTML,n)}for(const d of e.children){let e=s.has(d.outerHTML);let t=r.head.shouldReAppend(d);let n=r.head.shouldPreserve(d);if(e||n){if(t){i.push(d)}else{s.delete(d.outerHTML);l.push(d)}}else{if(r.head.style==="append"){if(t){i.push(d);a.push(d)}}else{if(r.head.shouldRemove(d)!==false){i.push(d)}}}}a.push(...s.values());let c=[];for(const u of a){let n=r.doc.createRange().createContextualFragment(u.outerHTML).firstChild;if(r.callbacks.beforeNodeAdded(n)!==false){if("href"in n&&n.href||"src"in n&&n.src){let t;let e=new Promise(function(e){t=e});n.addEventListener("load",function(){t()});c.push(e)}e.appendChild(n);r.callbacks.afterNodeAdded(n);o.push(n)}}for(const f of i){if(r.callbacks.beforeNodeRemoved(f)!==false){e.removeChild(f);r.callbacks.afterNodeRemoved(f)}}r.head.afterHeadMorphed(e,{added:o,kept:l,removed:i});return c}const d=function(){function e(e,t,n){const{persistentIds:r,idMap:o}=f(e,t);const i=c(n);const l=i.morphStyle||"outerHTML";if(!["innerHTML","outerHTML"].includes(l)){throw`Do not understand how to morph style ${l}`}if(l==="innerHTML"&&!e.append){throw`Cannot morph the innerHTML of a ${e.nodeName} node, as it cannot have children`}const a=i.head.style||"merge";if(!["merge","append","morph","none"].includes(a)){throw`Do not understand how to morph head style ${a}`}const s=e.ownerDocument;return{target:e,newContent:t,doc:s,config:i,morphStyle:l,ignoreActive:i.ignoreActive,ignoreActiveValue:i.ignoreActiveValue,restoreFocus:i.restoreFocus,idMap:o,persistentIds:r,pantry:d(s),activeElementAndParents:u(e,s),callbacks:i.callbacks,head:i.head}}function c(e){let t=Object.assign({},n);Object.assign(t,e);t.callbacks=Object.assign({},n.callbacks,e.callbacks);t.head=Object.assign({},n.head,e.head);return t}function d(e){const t=e.createElement("div");t.hidden=true;e.documentElement.append(t);return t}function u(e,t){let n=[];let r=t.activeElement;if(r?.tagName!=="BODY"&&e.contains(r)){while(r){n.push(r);if(r===e)break;r=r.parentElement}}return n}function a(e){let t=[];const n=e;for(const o of n.querySelectorAll?.("[id]")??[]){const i=o.getAttribute("id");if(i)t.push({elt:o,id:i})}const r=n.getAttribute?.("id");if(r)t.push({elt:e,id:r});return t}function s(n,e,r,t){for(const{elt:o,id:i}of t){if(e.has(i)){let t=o;while(t){let e=n.get(t);if(e==null){e=new Set;n.set(t,e)}e.add(i);if(t===r)break;t=t.parentElement}}}}function f(e,t){const n=a(e);const r=a(t);const o=h(n,r);let i=new Map;s(i,o,e,n);const l=t.__idiomorphRoot||t;s(i,o,l,r);return{persistentIds:o,idMap:i}}function h(e,t){let n=new Set;let r=new Map;for(const{elt:i,id:l}of e){if(r.has(l)){n.add(l)}else{r.set(l,i.tagName)}}let o=new Set;for(const{elt:i,id:l}of t){if(o.has(l)){n.add(l)}else if(r.get(l)===i.tagName){o.add(l)}}for(const l of n){o.delete(l)}if(n.size){console.warn("[Warning] duplicate ids found during morph, state loss within these elements is possible:",Array.from(n))}return o}return e}();const{normalizeElement:u,normalizeParent:f}=function(){const o=new WeakSet;function e(e){if(g.document(e)){return e.documentElement}else{return e}}function r(e){if(e==null){return document.createElement("div")}else if(typeof e==="string"){return r(l(e))}else if(o.has(e)){return e}else if(g.node(e)){if(e.parentNode){return new i(e)}else{const t=document.createElement("div");t.append(e);return t}}else{const t=document.createElement("div");for(const n of[...e]){t.append(n)}return t}}class i{constructor(e){this.originalNode=e;this.realParentNode=e.parentNode;this.previousSibling=e.previousSibling;this.nextSibling=e.nextSibling}get childNodes(){const e=[];let t=this.previousSibling?this.previousSibling.nextSibling:this.realParentNode.firstChild;while(t&&t!=this.nextSibling){e.push(t);t=t.nextSibling}return e}querySelectorAll(r){return this.childNodes.reduce((t,e)=>{if(g.element(e)){if(e.matches(r))t.push(e);const n=e.querySelectorAll(r);for(let e=0;e<n.length;e++){t.push(n[e])}}return t},[])}insertBefore(e,t){return this.realParentNode.insertBefore(e,t)}moveBefore(e,t){return this.realParentNode.moveBefore(e,t)}get __idiomorphRoot(){return this.originalNode}}function l(n){let r=new DOMParser;let e=n.replace(/<svg(\s[^>]*>|>)([\s\S]*?)<\/svg>/gim,"");if(e.match(/<\/html>/)||e.match(/<\/head>/)||e.match(/<\/body>/)){let t=r.parseFromString(n,"text/html");t.doctype?.remove();if(e.match(/<\/html>/)){o.add(t);return t}else{let e=t.firstChild;if(e){o.add(e)}return e}}else{let e=r.parseFromString("<body><template>"+n+"</template></body>","text/html");let t=e.body.querySelector("template").content;o.add(t);return t}}return{normalizeElement:e,normalizeParent:r}}();const g=function(){const n=e=>e instanceof Element||e?.nodeType===Node.ELEMENT_NODE;const t=(e,t)=>n(e)&&e.localName===t&&e.namespaceURI==="http://www.w3.org/1999/xhtml";return{element:n,node:e=>e instanceof Node||typeof e?.nodeType==="number",document:e=>e instanceof Document||e?.nodeType===Node.DOCUMENT_NODE,templateElement:e=>t(e,"template"),headElement:e=>t(e,"head"),inputElement:e=>t(e,"input"),optionElement:e=>t(e,"option"),textAreaElement:e=>t(e,"textarea")}}();return{morph:t,defaults:n}}();(function(){function o(e){if(e==="morph"||e==="morph:outerHTML"){return{morphStyle:"outerHTML"}}else if(e==="morph:innerHTML"){return{morphStyle:"innerHTML"}}else if(e.startsWith("morph:")){return Function("return ("+e.slice(6)+")")()}}htmx.defineExtension("morph",{isInlineSwap:function(e){let t=o(e);return t?.morphStyle==="outerHTML"||t?.morphStyle==null},handleSwap:function(e,t,n){let r=o(e);if(r){return Idiomorph.morph(t,n.children,r)}}})})();

/* js/europa.js */
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
