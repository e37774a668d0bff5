// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // A "Copy" button copies the text of the element its data-copy attribute names.
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(source.value ?? source.textContent);
      button.textContent = "Copied";
    });
  }
  // On a phone the filters and facets start folded, so the first screen shows results.
  if (window.matchMedia("(max-width: 50rem)").matches) {
    for (const box of document.querySelectorAll("details[data-collapse-narrow]")) {
      box.open = false;
    }
  }
});
