/* Newsbrief search. The index arrives as window.NEWSBRIEF_INDEX from search-index.js, a plain
   <script>, because fetch() is refused on file:// and search must work wherever the site does.
   Index format and tokenizer: generator/search.py (the two must agree). No framework. */
(function () {
  "use strict";
  var LIMIT = 50;          // results shown; the count says how many more there are
  var MAX_EXPANSION = 400; // words a short prefix may stand for, so "s" cannot stall typing

  var data = window.NEWSBRIEF_INDEX;
  var form = document.querySelector("[data-search]");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;
  if (!data || data.v !== 2) {
    status.textContent = "The search index could not be loaded.";
    return;
  }

  var stop = new Set(data.stop);
  var terms = data.terms, count = data.slug.length;
  var decoded = new Array(terms.length);
  var deks = null;  // standfirsts arrive in a second script, so the first query never waits for them

  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }

  function tokens(text) {
    var words = fold(text).match(/[\p{L}\p{N}]+/gu) || [];
    return words.filter(function (w) { return Array.from(w).length > 1 && !stop.has(w); });
  }

  function lowerBound(word) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (terms[mid] < word) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Base-36 gaps between story numbers; "!" marks a headline, topic or publisher hit.
  function gaps(text, ids, strong) {
    if (!text) return;
    var parts = text.split(","), doc = 0;
    for (var k = 0; k < parts.length; k++) {
      var s = parts[k], isStrong = s.charCodeAt(s.length - 1) === 33;
      doc += parseInt(isStrong ? s.slice(0, -1) : s, 36);
      ids.push(doc);
      strong.push(isStrong ? 1 : 0);
    }
  }

  // "=<base64 bitmap>|<gaps of strong hits>" for common terms, else plain gaps. Decoded once, when first asked.
  function postings(i) {
    if (decoded[i]) return decoded[i];
    var text = data.postings[i], ids = [], strong = [];
    if (text.charAt(0) !== "=") {
      gaps(text, ids, strong);
    } else {
      var bar = text.indexOf("|"), bits = atob(text.slice(1, bar)), heads = [], flags = [];
      gaps(text.slice(bar + 1), heads, flags);
      var marked = new Set(heads);
      for (var byte = 0; byte < bits.length; byte++) {
        var b = bits.charCodeAt(byte);
        for (var bit = 0; b; bit++, b >>= 1) {
          if (b & 1) { var doc = byte * 8 + bit; ids.push(doc); strong.push(marked.has(doc) ? 1 : 0); }
        }
      }
    }
    return (decoded[i] = { ids: ids, strong: strong });
  }

  // Every word must match (as a whole word or a prefix); whole words and headline hits rank higher,
  // then newer stories first (story numbers follow the site's newest-first order).
  function search(query) {
    var words = Array.from(new Set(tokens(query))).slice(0, 32);  // a pasted page is not a query
    if (!words.length) return null;
    var n = count, total = new Float64Array(n), matched = new Uint8Array(n);
    for (var w = 0; w < words.length; w++) {
      var word = words[w], best = new Float64Array(n);
      for (var i = lowerBound(word), seen = 0; i < terms.length && seen < MAX_EXPANSION
           && terms[i].lastIndexOf(word, 0) === 0; i++, seen++) {
        var weight = terms[i] === word ? 2 : 1, p = postings(i);
        for (var k = 0; k < p.ids.length; k++) {
          var score = weight * (p.strong[k] ? 3 : 1);
          if (score > best[p.ids[k]]) best[p.ids[k]] = score;
        }
      }
      for (var d = 0; d < n; d++) {
        if (best[d] > 0 && matched[d] === w) { matched[d] = w + 1; total[d] += best[d]; }
      }
    }
    var hits = [];
    for (var j = 0; j < n; j++) if (matched[j] === words.length) hits.push(j);
    return hits.sort(function (a, b) { return total[b] - total[a] || a - b; });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;  // text, never markup: a headline with <script> stays text
    return node;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  function dateLabel(iso) {  // "17 May 2024", as the site's own pages write dates
    var part = iso.split("-");
    return parseInt(part[2], 10) + " " + MONTHS[parseInt(part[1], 10) - 1] + " " + part[0];
  }

  function result(number) {
    var item = element("li", "card"), heading = element("h2", "card-title");
    var link = element("a", "", data.title[number]);
    link.href = data.url[0] + encodeURIComponent(data.slug[number]) + data.url[1];
    heading.appendChild(link);
    item.appendChild(heading);
    if (deks && deks[number]) item.appendChild(element("p", "dek", deks[number]));
    var meta = element("p", "meta"), time = element("time", "", dateLabel(data.date[number]));
    time.dateTime = data.date[number];
    meta.appendChild(time);
    var names = data.pubs[number] ? data.pubs[number].split(" ").map(function (n) {
      return data.publishers[parseInt(n, 36)];
    }) : [];
    if (names.length) meta.appendChild(document.createTextNode(" \u00b7 " + names.join(", ")));
    item.appendChild(meta);
    return item;
  }

  function show(query) {
    var hits = search(query);
    list.textContent = "";
    if (hits === null) {
      status.textContent = query.trim() ? "Type a longer or less common word." : "";
      return;
    }
    var count = hits.length === 1 ? "1 brief matches" : hits.length + " briefs match";
    status.textContent = hits.length === 0 ? "No brief matches \u201c" + query.trim() + "\u201d."
      : count + " \u201c" + query.trim() + "\u201d" + (hits.length > LIMIT ? "; the first " + LIMIT + " are shown." : ".");
    var batch = document.createDocumentFragment();
    hits.slice(0, LIMIT).forEach(function (number) { batch.appendChild(result(number)); });
    list.appendChild(batch);
  }

  function remember(query) {
    try {  // keeps the query in the address, so Back returns to the same results; file:// may refuse
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (refused) { /* searching still works */ }
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  input.addEventListener("input", function () { show(input.value); remember(input.value); });
  form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
    if (event.key === "Escape") { input.value = ""; show(""); remember(""); }
  });
  list.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (at < 0 || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) return;
    event.preventDefault();
    var next = at + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) input.focus(); else if (next < all.length) all[next].focus();
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) input.value = initial;
  var extra = document.createElement("script");  // standfirsts; results drawn before they came are redrawn
  extra.src = form.getAttribute("data-deks");
  extra.onload = extra.onerror = function () {
    deks = window.NEWSBRIEF_DEKS || null;
    if (input.value) show(input.value);
  };
  document.head.appendChild(extra);
  search.tokens = tokens;  // for the tests, which hold it to generator/search.py's tokens()
  window.NEWSBRIEF_SEARCH = search;  // for the benchmark and tests: the same function a reader uses
})();
