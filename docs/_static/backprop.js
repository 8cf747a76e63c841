/* The course website's own script (docs/conf.py: html_js_files).

   1. A display equation or a table wider than its column scrolls in its own box; mark such a box
      (.bp-overflow, see backprop.css: its hidden edge fades out) and put a "scroll →" cue beside
      it until the reader has scrolled to its end. Re-measured whenever a box changes size.
   2. Search results show an excerpt of each page, which Sphinx fetches from the page itself: a
      browser refuses that for a site opened from disk (file://), so there the results are titles.
*/
(() => {
  "use strict";

  if (location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }

  const BOXES = '.bd-article mjx-container[display="true"], .bd-article .pst-scrollable-table-container';

  const update = (box) => {
    const overflows = box.scrollWidth > box.clientWidth + 1;
    const atEnd = box.scrollLeft + box.clientWidth >= box.scrollWidth - 1;
    box.classList.toggle("bp-overflow", overflows);
    box.classList.toggle("bp-scrolled", overflows && box.scrollLeft > 0);
    box.classList.toggle("bp-at-end", overflows && atEnd);
    // The cue goes under an equation (after its div.math, a flex box) and above a table (whose
    // end may be far below).
    const math = box.closest("div.math");
    const anchor = math || box;
    let cue = math ? anchor.nextElementSibling : anchor.previousElementSibling;
    if (!(cue && cue.classList.contains("bp-scroll-cue"))) {
      if (!overflows) return;
      cue = document.createElement("span");
      cue.className = "bp-scroll-cue";
      cue.setAttribute("aria-hidden", "true");
      cue.textContent = "scroll →";
      if (math) anchor.after(cue);
      else anchor.before(cue);
    }
    cue.hidden = !overflows || atEnd;
  };

  const watch = () => {
    const resized = new ResizeObserver((entries) => entries.forEach((e) => update(e.target)));
    document.querySelectorAll(BOXES).forEach((box) => {
      if (box.dataset.bpWatched) return;
      box.dataset.bpWatched = "1";
      box.addEventListener("scroll", () => update(box), { passive: true });
      resized.observe(box);
      update(box);
    });
  };

  const start = () => {
    watch();
    const mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) mj.startup.promise.then(watch);
    window.addEventListener("load", watch);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
