// A deck of the course: MathJax typesets the slides, then reveal.js starts; each slide is fitted to
// the deck's 1280 x 720: enlarged to be read from the back row when it has room, its figures and
// printed tables shrunk first when it is too large, so that nothing of it is cut off.
(function () {
  "use strict";
  var WIDTH = 1280, HEIGHT = 720;

  var MAX_ZOOM = 1.6;      // a figure is enlarged at most this much to fill the slide
  var MAX_TEXT_ZOOM = 1.4; // a slide of text, code or a table, at most this much (read from the back row)
  var MIN_FIGURE = 0.6;    // a figure is shrunk at most this much to leave the text its size
  var MIN_OUTPUT = 0.75;   // a printed table too wide for the slide: its font, at most this much smaller

  // Fit the content of `section` to its box: enlarge its figures into the room left below them,
  // or, with no room to fill that way, enlarge the whole slide (laid out narrower, so that it
  // still fits); scale everything down when it is too large. The scale is kept in data-fit-scale.
  function fit(section) {
    var box = section && section.querySelector(":scope > .fit");
    if (!box) { return; }
    box.style.transform = "none";
    box.style.width = "";
    // a question's options are measured open, so that opening them on the projector cuts nothing off
    var closed = Array.prototype.slice.call(box.querySelectorAll("details:not([open])"));
    closed.forEach(function (details) { details.open = true; });
    var style = getComputedStyle(section);
    var width = WIDTH - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var height = HEIGHT - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    // a printed table (columns aligned by spaces) keeps its lines, a table wrapped being unreadable:
    // its font shrinks until the widest line fits, down to MIN_OUTPUT, and only wider ones wrap;
    // printed sentences wrap, and are enlarged with the slide
    Array.prototype.slice.call(box.querySelectorAll(".output pre")).forEach(function (pre) {
      pre.style.fontSize = ""; pre.style.whiteSpace = "";
      if (!/\S {2,}\S/.test(pre.textContent)) { return; }
      pre.style.whiteSpace = "pre";
      var over = pre.scrollWidth / pre.clientWidth;
      if (over > 1 / MIN_OUTPUT) {
        pre.style.whiteSpace = "";
      } else if (over > 1) {
        var size = parseFloat(getComputedStyle(pre).fontSize);
        pre.style.fontSize = (0.99 * size / over) + "px";
        if (pre.scrollWidth > pre.clientWidth + 1) { pre.style.whiteSpace = ""; }
      }
    });
    var images = Array.prototype.slice.call(box.querySelectorAll("img"));
    images.forEach(function (img) { img.style.width = ""; img.style.maxHeight = ""; });
    var room = height - box.scrollHeight;
    if (room !== 0 && images.length) {
      // into the room left, or, when the text and the figures do not fit, smaller figures (down
      // to MIN_FIGURE) rather than smaller text
      images.forEach(function (img) {
        var w = img.offsetWidth, h = img.offsetHeight;
        var zoom = Math.max(MIN_FIGURE, Math.min(MAX_ZOOM, (h + room / images.length) / h, width / w));
        if (zoom !== 1) { img.style.width = (w * zoom) + "px"; img.style.maxHeight = "none"; }
      });
    }
    var scale = Math.min(1, width / box.scrollWidth, height / box.scrollHeight);
    if (scale === 1 && !images.length) {
      for (var zoom = MAX_TEXT_ZOOM; zoom > 1.04; zoom -= 0.05) {
        box.style.width = (width / zoom) + "px";
        if (box.scrollWidth <= width / zoom + 1 && box.scrollHeight * zoom <= height && !overflows(box)) {
          scale = zoom; break;
        }
      }
      if (scale === 1) { box.style.width = ""; }
    }
    box.style.transform = scale !== 1 ? "scale(" + scale + ")" : "none";
    section.dataset.fitScale = scale.toFixed(3);
    closed.forEach(function (details) { details.open = false; });
  }

  // whether a printed output of `box` has a line longer than its box (its text would run off)
  function overflows(box) {
    return Array.prototype.slice.call(box.querySelectorAll("pre")).some(function (pre) {
      return pre.scrollWidth > pre.clientWidth + 1;
    });
  }

  function start() {
    Reveal.initialize({
      width: WIDTH, height: HEIGHT, margin: 0.02, center: false, hash: true, transition: "none",
      slideNumber: "c/t", plugins: [RevealNotes]
    }).then(function () {
      Reveal.getSlides().forEach(function (section) {
        section.style.display = "block";      // lay out every slide once to measure it
        fit(section);
        section.style.display = "";
      });
      fit(Reveal.getCurrentSlide());
      Reveal.on("slidechanged", function (event) { fit(event.currentSlide); });
      window.deckReady = true;
    });
  }

  window.addEventListener("load", function () {
    MathJax.startup.promise.then(start);
  });
})();
