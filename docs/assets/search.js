// Search: Pagefind (one bundle per language, diacritics folded) in a dialog opened from the header.
// The Pagefind UI is loaded on first use only, so pages stay light until a reader searches.
(() => {
  const button = document.querySelector(".bx-search-open");
  const dialog = document.getElementById("bx-search");
  if (!button || !dialog || typeof dialog.showModal !== "function") return;
  // This language's bundle (/pagefind/ or /en/pagefind/); result addresses are relative to the site root.
  const bundle = new URL(button.dataset.pagefind, document.baseURI).href;
  const siteRoot = new URL(button.dataset.siteRoot, document.baseURI).pathname;
  let ready = null;

  function load() {
    if (!ready) {
      ready = new Promise((resolve, reject) => {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = bundle + "pagefind-ui.css";
        document.head.append(css);
        const script = document.createElement("script");
        script.src = bundle + "pagefind-ui.js";
        script.onload = () => {
          // eslint-disable-next-line no-undef
          new PagefindUI({
            element: "#bx-search-ui",
            bundlePath: bundle,
            baseUrl: siteRoot,
            showSubResults: true,
            showImages: false,
            resetStyles: false,
            autofocus: true,
          });
          // A visible label for the input (the UI's own label is hidden).
          const input = dialog.querySelector(".pagefind-ui__search-input");
          if (input) input.id = "bx-search-input";
          resolve();
        };
        script.onerror = reject;
        document.head.append(script);
      });
    }
    return ready;
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    load().then(() => {
      const input = dialog.querySelector("input");
      if (input) input.focus();
    });
  }

  button.addEventListener("click", open);
  dialog.querySelector(".bx-search__close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  document.addEventListener("keydown", (event) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName || "");
    if (event.key === "/" && !dialog.open && !typing) {
      event.preventDefault();
      open();
    }
  });
})();
