/* Newsbrief search. The index arrives as window.NEWSBRIEF_INDEX_K from each search-index-K.js, plain
   <script>s, because fetch() is refused on file:// and search must work wherever the site does.
   Index format and tokenizer: generator/search.py (the two must agree). No framework. */
(function () {
  "use strict";
  var LIMIT = 50;          // results shown at once; a button shows the next 50
  var MAX_EXPANSION = 400; // words a short prefix may stand for, so "s" cannot stall typing

  var form = document.querySelector("[data-search]");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!form || !input || !status || !list) return;
  var shards = [], expected = parseInt(form.getAttribute("data-shards"), 10) || 0;
  for (var s = 0; s < expected; s++) {
    shards.push(window["NEWSBRIEF_INDEX_" + s]);
    if (!shards[s] || shards[s].v !== 4) {
      status.textContent = "The search index could not be loaded.";
      return;
    }
  }

  // Stories are numbered across shards, oldest first: shard K's story i is number base[K] + i.
  var first = shards[0] || { stop: [], url: ["", ""] };
  var stop = new Set(first.stop), base = [], owner = [], count = 0;
  shards.forEach(function (shard, k) {
    base.push(count);
    count += shard.slug.length;
    shard.decoded = new Array(shard.terms.length);
    for (var i = 0; i < shard.slug.length; i++) owner.push(k);
  });

  function story(number) {  // what a result shows, looked up only for the results drawn
    var k = owner[number], shard = shards[k], i = number - base[k];
    var names = shard.pubs[i] ? shard.pubs[i].split(" ").map(function (n) {
      return shard.publishers[parseInt(n, 36)];
    }) : [];
    return { slug: shard.slug[i], title: shard.title[i], date: shard.date[i], pubs: names,
             lang: shard.langs && shard.langs[i] || "" };
  }
  var deks = null;  // standfirsts arrive in later scripts, so the first query never waits for them

  // as generator/search.py: letters no accent-stripping reduces are typed plain ("lodz" finds Łódź)
  var plain = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"};

  function fold(text) {
    return text.toLowerCase().replace(/[ıłøđðħŧæœßþ]/g, function (c) { return plain[c]; })
      .normalize("NFKD").replace(/\p{M}/gu, "");
  }

  // as generator/search.py: runs of CJK scripts are searched by overlapping character pairs
  var cjk = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var cjkRun = new RegExp("[" + cjk + "]+|[^" + cjk + "]+", "g"), isCjk = new RegExp("^[" + cjk + "]");
  // where a CJK run meets other letters or digits ("增长5.3%") a word ends: the number is a word of its own
  var cjkEdge = new RegExp("(?<=[" + cjk + "])(?=[\\p{L}\\p{N}])(?![" + cjk + "])|(?<=[\\p{L}\\p{N}])(?<![" + cjk + "])(?=[" + cjk + "])", "gu");

  function pieces(word) {
    if (word.indexOf(".") >= 0) {  // a decimal: itself and its whole part, as the build indexes it
      var parts = word.split(".");
      if (parts.length > 2) return [word].concat(parts.filter(function (p) { return p.length > 1; }));
      return parts[0].length > 1 ? [word, parts[0]] : [word];
    }
    var out = [];
    (word.match(cjkRun) || []).forEach(function (run) {
      var chars = Array.from(run);
      if (!isCjk.test(run)) {
        if (chars.length > 1) out.push(run);
      } else if (chars.length === 1) {
        out.push(run);
      } else {
        for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      }
    });
    return out;
  }

  function tokens(text) {
    // "1,200" is 1200, as generator/search.py indexes it
    var words = fold(text).replace(/(?<=[0-9]),(?=[0-9]{3}(?![0-9]))/g, "").replace(cjkEdge, " ").match(/(?<![\p{L}\p{N}])[0-9]+(?:\.[0-9]+)+(?![0-9])|(?<![\p{L}\p{N}])[\p{L}\p{N}]{1,2}(?:\+\+|#|(?:&[\p{L}\p{N}]{1,2}){1,3})(?![\p{L}\p{N}#+&])|[\p{L}\p{N}]+/gu) || [];
    var out = [];
    words.forEach(function (w) {
      pieces(w).forEach(function (p) { if (!stop.has(p)) out.push(p); });
    });
    return out;
  }

  function lowerBound(terms, word) {
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
  function postings(shard, i) {
    if (shard.decoded[i]) return shard.decoded[i];
    var text = shard.postings[i], ids = [], strong = [];
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
    return (shard.decoded[i] = { ids: ids, strong: strong });
  }

  // Every word must match (as a whole word or a prefix); whole words and headline hits rank higher,
  // then newer stories first (the higher number).
  function search(query) {
    var words = Array.from(new Set(tokens(query))).slice(0, 32);  // a pasted page is not a query
    if (!words.length) return null;
    var n = count, total = new Float64Array(n), matched = new Uint8Array(n);
    for (var w = 0; w < words.length; w++) {
      var word = words[w], best = new Float64Array(n);
      for (var k = 0; k < base.length; k++) {
        var shard = shards[k], terms = shard.terms, offset = base[k];
        for (var i = lowerBound(terms, word), seen = 0; i < terms.length && seen < MAX_EXPANSION
             && terms[i].lastIndexOf(word, 0) === 0; i++, seen++) {
          var weight = terms[i] === word ? 2 : 1, p = postings(shard, i);
          for (var h = 0; h < p.ids.length; h++) {
            var score = weight * (p.strong[h] ? 3 : 1), doc = offset + p.ids[h];
            if (score > best[doc]) best[doc] = score;
          }
        }
      }
      for (var d = 0; d < n; d++) {
        if (best[d] > 0 && matched[d] === w) { matched[d] = w + 1; total[d] += best[d]; }
      }
    }
    var hits = [];
    for (var j = 0; j < n; j++) if (matched[j] === words.length) hits.push(j);
    return hits.sort(function (a, b) { return total[b] - total[a] || b - a; });
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
    var item = element("li", "card"), heading = element("h2", "card-title"), about = story(number);
    var link = element("a", "", about.title);
    link.href = first.url[0] + encodeURIComponent(about.slug) + first.url[1];
    heading.appendChild(link);
    heading.dir = "auto";  // an Arabic or Hebrew headline reads right to left, as on the cards
    if (about.lang) heading.lang = about.lang;  // and is read by a voice of its language
    item.appendChild(heading);
    if (deks && deks[number]) {
      var dek = element("p", "dek", deks[number]);
      dek.dir = "auto";
      if (about.lang) dek.lang = about.lang;
      item.appendChild(dek);
    }
    var meta = element("p", "meta"), time = element("time", "", dateLabel(about.date));
    time.dateTime = about.date;
    meta.appendChild(time);
    if (about.pubs.length) meta.appendChild(document.createTextNode(" \u00b7 " + about.pubs.join(", ")));
    item.appendChild(meta);
    return item;
  }

  // Words the index cannot hold (one letter or digit): said, so "filler 3" does not read as a search for "3"
  function ignored(query) {
    // "Putin's" is Putin: its "s" is no word a searcher typed; nor is a lone "&"
    var words = fold(query).replace(/(?<=[0-9]),(?=[0-9]{3}(?![0-9]))/g, "").replace(/['\u2019]s(?![\p{L}\p{N}])/gu, "");
    var short = (words.match(/[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}#+&]+/gu) || []).filter(function (w) {
      return /[\p{L}\p{N}]/u.test(w) && !pieces(w).length && !tokens(w).length;
    });
    return short.length ? " Too short to search for: " + short.map(function (w) { return "\u201c" + w + "\u201d"; }).join(", ") + "." : "";
  }

  var more = document.createElement("button"), hits = [], drawn = 0, asked = "";
  more.type = "button";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  function draw(upTo) {  // results drawn up to `upTo`, and a count that says how many of them are shown
    var batch = document.createDocumentFragment(), first = drawn;
    hits.slice(drawn, upTo).forEach(function (number) { batch.appendChild(result(number)); });
    list.appendChild(batch);
    drawn = Math.min(upTo, hits.length);
    var count = hits.length === 1 ? "1 brief matches" : hits.length + " briefs match";
    status.textContent = (hits.length === 0 ? "No brief matches \u201c" + asked + "\u201d."
      : count + " \u201c" + asked + "\u201d" + (hits.length > drawn ? "; the first " + drawn + " are shown." : "."))
      + ignored(asked);
    more.hidden = drawn >= hits.length;
    more.textContent = "Show " + Math.min(LIMIT, hits.length - drawn) + " more";
    return first;
  }

  function show(query, upTo) {
    var found = search(query);
    list.textContent = "";
    hits = found || [];
    drawn = 0;
    asked = query.trim();
    if (found === null) {
      more.hidden = true;
      status.textContent = asked ? "Type a longer or less common word." : "";
      return;
    }
    draw(Math.max(LIMIT, upTo || 0));
  }

  more.addEventListener("click", function () {
    var first = draw(drawn + LIMIT);
    var next = list.querySelectorAll("a")[first];  // the keyboard goes on from the first new result
    if (next) next.focus();
    try {  // Back to this page shows as many results again
      history.replaceState({q: asked, shown: drawn}, "", location.href);
    } catch (refused) { /* file:// may refuse */ }
  });

  function remember(query) {
    try {  // keeps the query in the address, so Back returns to the same results; file:// may refuse
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (refused) { /* searching still works */ }
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  // the count is shown at once, but announced once typing pauses: a live region read at every keystroke
  // ("151 briefs match tr") tells a screen reader user nothing
  var settling = null;
  input.addEventListener("input", function () {
    status.setAttribute("aria-busy", "true");
    clearTimeout(settling);
    settling = setTimeout(function () { status.setAttribute("aria-busy", "false"); }, 700);
    show(input.value); remember(input.value);
  });
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
  // Standfirsts, a script per shard; results drawn before they all came are redrawn.
  var dekScripts = (form.getAttribute("data-deks") || "").split(" ").filter(Boolean), waiting = dekScripts.length;
  dekScripts.forEach(function (src) {
    var extra = document.createElement("script");
    extra.src = src;
    extra.onload = extra.onerror = function () {
      if (--waiting) return;
      deks = [];
      base.forEach(function (offset, k) {
        var size = shards[k].slug.length, part = window["NEWSBRIEF_DEKS_" + k] || [];
        for (var i = 0; i < size; i++) deks.push(part[i] || "");
      });
      var saved = history.state;  // after Back: as many results as were shown
      if (input.value) show(input.value, saved && saved.q === input.value.trim() ? saved.shown : 0);
    };
    document.head.appendChild(extra);
  });
  search.tokens = tokens;  // for the tests, which hold it to generator/search.py's tokens()
  window.NEWSBRIEF_SEARCH = search;  // for the benchmark and tests: the same function a reader uses
})();
