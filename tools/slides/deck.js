// A deck of the course: MathJax typesets the slides, then reveal.js starts; each slide is scaled
// down, when it must be, so that nothing of it is cut off at the deck's 1280 x 720.
(function () {
  "use strict";
  var WIDTH = 1280, HEIGHT = 720;

  var MAX_ZOOM = 1.6;      // a figure is enlarged at most this much to fill the slide

  // Fit the content of `section` to its box: enlarge its figures into the room left below them,
  // or scale everything down when it is too large; the scale is kept in data-fit-scale.
  function fit(section) {
    var box = section && section.querySelector(":scope > .fit");
    if (!box) { return; }
    box.style.transform = "none";
    var style = getComputedStyle(section);
    var width = WIDTH - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var height = HEIGHT - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    var images = Array.prototype.slice.call(box.querySelectorAll("img"));
    images.forEach(function (img) { img.style.width = ""; });
    var room = height - box.scrollHeight;
    if (room > 0 && images.length) {
      images.forEach(function (img) {
        var w = img.offsetWidth, h = img.offsetHeight;
        var zoom = Math.min(MAX_ZOOM, (h + room / images.length) / h, width / w);
        if (zoom > 1) { img.style.width = (w * zoom) + "px"; img.style.maxHeight = "none"; }
      });
    }
    var scale = Math.min(1, width / box.scrollWidth, height / box.scrollHeight);
    box.style.transform = scale < 1 ? "scale(" + scale + ")" : "none";
    section.dataset.fitScale = scale.toFixed(3);
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
