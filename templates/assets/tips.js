/* Esc closes a tip; no room below: above; touch: a tap opens, a 2nd follows, a tap on the tip closes */
(function () {
  var root = document.documentElement, shown = null, touch = matchMedia("(hover: none)").matches;
  function close() { root.classList.add("tips-closed"); shown = null; }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  document.addEventListener("focusout", function (e) { if (e.target === shown) shown = null; });
  (touch ? ["focusin"] : ["pointermove", "focusin"]).forEach(function (type) {
    document.addEventListener(type, function () { root.classList.remove("tips-closed"); });
  });
  function place(e) {
    var cite = e.target.closest && e.target.closest(".cite"), tip = cite && cite.querySelector(".evidence-tip");
    if (!tip) return;
    tip.classList.remove("above");
    tip.style.top = "";
    var box = tip.getBoundingClientRect(), mark = cite.getBoundingClientRect();
    if (box.bottom > innerHeight && box.height + 8 < mark.top) {
      var holder = tip.offsetParent ? tip.offsetParent.getBoundingClientRect().top : 0;
      tip.classList.add("above");
      tip.style.top = (mark.top - holder - box.height - 8) + "px";
    }
  }
  document.addEventListener("mouseover", place);
  // a pointer on its way to the tip crosses the marker's own line: the tip stays a moment after it leaves
  if (!touch) document.addEventListener("mouseout", function (e) {
    var cite = e.target.closest && e.target.closest(".cite");
    if (!cite || cite.contains(e.relatedTarget)) return;
    document.querySelectorAll(".linger").forEach(function (c) { c.classList.remove("linger"); });
    cite.classList.add("linger");
    clearTimeout(cite.lingering);
    cite.lingering = setTimeout(function () { cite.classList.remove("linger"); }, 400);
  });
  document.addEventListener("focusin", place);
  document.addEventListener("click", function (e) {
    if (!touch || !e.target.closest) return;
    if (e.target.closest(".evidence-tip")) {
      e.preventDefault();
      document.activeElement.blur();
      return close();
    }
    var link = e.target.closest(".cite a");
    if (!link || link === shown) return;
    e.preventDefault();
    shown = link;
    root.classList.remove("tips-closed");
    link.focus();
    place({ target: link });
  });
})();
