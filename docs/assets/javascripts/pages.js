// The brief card's Copy button (templates/partials/brief.md.j2): the sentence as the page shows it now (it
// follows the view) and the line the button carries (data-extra), then the page's citation naming the address of this view. One
// listener on the document, so pages reached by mkdocs-material's instant navigation need nothing more.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".brief-copy");
    if (!button) { return; }
    var card = button.closest(".brief");
    var url = button.dataset.url + window.location.search;
    var text = card.querySelector(".brief-sentence").textContent.trim() + " " +
      (button.dataset.extra ? button.dataset.extra + " " : "") +
      button.dataset.citation.replace(button.dataset.url, url);
    var done = card.querySelector(".brief-copied");
    (navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject())
      .then(function () { done.textContent = "Copied."; })
      .catch(function () { done.textContent = text; });
  });
})();

// A link to an anchor inside a collapsed block (the left-out table, templates/partials/left_out.md.j2) opens the
// block and scrolls to it: a closed <details> hides its target, and mkdocs-material's instant navigation scrolls
// by itself without opening it. On every page load (document$, which also follows instant navigation), on a hash
// change, and on a click on an in-page link (following the anchor that is already the URL's hash changes nothing).
(function () {
  "use strict";
  // An embed page inside another site's iframe shows the chart and its source alone (overrides/embed.html).
  if (window.self !== window.top) { document.documentElement.classList.add("framed"); }
  function open(id) {
    var target = id && document.getElementById(id);
    var block = target && target.closest("details");
    if (!block) { return; }
    for (var d = block; d; d = d.parentElement && d.parentElement.closest("details")) { d.open = true; }
    target.scrollIntoView();
  }
  // A fragment as an element id: "" where it is not well-formed percent-encoding ("#%zz").
  function idOf(hash) {
    try { return decodeURIComponent(hash.slice(1)); } catch (error) { return ""; }
  }
  function fromHash() { open(idOf(window.location.hash)); }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("click", function (event) {
    // Instant navigation writes in-page links as whole addresses (…/lithium/#left-out-msp): compare the page.
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (link && link.hash && link.origin === location.origin && link.pathname === location.pathname) {
      setTimeout(open, 0, idOf(link.hash));
    }
  });
  if (typeof document$ !== "undefined") { document$.subscribe(fromHash); } else { fromHash(); }
})();
