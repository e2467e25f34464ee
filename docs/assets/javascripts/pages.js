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
