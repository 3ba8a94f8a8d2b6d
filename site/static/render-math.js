// Typeset the $…$ and $$…$$ of the markdown cells with KaTeX (served from this site, no CDN).
// Only markdown: a "$" in code or in printed output is not a formula.
document.addEventListener("DOMContentLoaded", function () {
  var options = {
    delimiters: [
      {left: "$$", right: "$$", display: true},
      {left: "\\[", right: "\\]", display: true},
      {left: "$", right: "$", display: false},
      {left: "\\(", right: "\\)", display: false}
    ],
    throwOnError: false  // a bad formula shows in red (.katex-error) instead of stopping the page
  };
  document.querySelectorAll(".jp-MarkdownOutput").forEach(function (cell) {
    renderMathInElement(cell, options);
  });
  document.body.setAttribute("data-math-rendered", "true");
});
