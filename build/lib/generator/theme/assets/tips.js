/* Evidence tips: Esc closes an open one (until the pointer or focus moves on); a tip with no room below its
   line opens above it. Without this script the tips still open on hover and focus, below the line. */
(function () {
  var root = document.documentElement;
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") root.classList.add("tips-closed"); });
  ["pointermove", "focusin"].forEach(function (type) {
    document.addEventListener(type, function () { root.classList.remove("tips-closed"); });
  });
  function place(e) {
    var cite = e.target.closest ? e.target.closest(".cite") : null;
    var tip = cite && cite.querySelector(".evidence-tip");
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
  document.addEventListener("focusin", place);
})();
