/* Evidence tips (they open on hover and focus without this): Esc closes one, a tip with no room below opens
   above, and on a touch screen a first tap opens it. */
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
  var touch = window.matchMedia && matchMedia("(hover: none)").matches, shown = null;
  document.addEventListener("click", function (e) {
    var link = touch && e.target.closest ? e.target.closest(".cite a") : null;
    if (!link || link === shown) return;
    e.preventDefault();
    shown = link;
    root.classList.remove("tips-closed");
    link.focus();
    place({ target: link });
  });
})();
