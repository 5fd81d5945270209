// Search: Pagefind (one bundle per language, diacritics folded) in a dialog opened from the header.
// A small interface of our own on Pagefind's JavaScript API: it downloads a quarter of what
// Pagefind's ready-made UI does, and nothing until a reader opens the search.
(() => {
  const button = document.querySelector(".bx-search-open");
  const dialog = document.getElementById("bx-search");
  const root = document.getElementById("bx-search-ui");
  if (!button || !dialog || !root || typeof dialog.showModal !== "function") return;
  // This language's bundle (/pagefind/ or /en/pagefind/); result addresses are relative to the site root.
  const bundle = new URL(button.dataset.pagefind, document.baseURI).href;
  const siteRoot = new URL(button.dataset.siteRoot, document.baseURI).pathname;
  const say = root.dataset; // the interface's words, in the page's language (from labels.yml)
  const PAGE = 5; // results shown at first, and added by "more"
  const SUBRESULTS = 3; // sections shown under a result

  const input = document.createElement("input");
  input.type = "search";
  input.id = "bx-search-input";
  input.className = "bx-sr-input";
  input.autocomplete = "off";
  input.spellcheck = false;
  const message = document.createElement("p");
  message.className = "bx-sr-message";
  message.setAttribute("role", "status");
  const list = document.createElement("ol");
  list.className = "bx-sr-results";
  const more = document.createElement("button");
  more.type = "button";
  more.className = "bx-sr-more";
  more.textContent = say.more;
  more.hidden = true;
  root.append(input, message, list, more);

  let pagefind = null;
  let results = [];
  let shown = 0;
  let latest = 0;

  function engine() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(async (module) => {
        await module.options({ baseUrl: siteRoot });
        module.init();
        return module;
      });
    }
    return pagefind;
  }

  // Pagefind's excerpts mark the matches with <mark>; only the text and those marks are kept.
  function excerpt(html) {
    const out = document.createDocumentFragment();
    const parsed = new DOMParser().parseFromString(html, "text/html");
    for (const node of parsed.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(document.createTextNode(node.textContent));
      }
    }
    return out;
  }

  function excerptParagraph(html) {
    const p = document.createElement("p");
    p.className = "bx-sr-excerpt";
    p.append(excerpt(html));
    return p;
  }

  function link(url, text) {
    const a = document.createElement("a");
    a.className = "bx-sr-link";
    a.href = url;
    a.textContent = text;
    return a;
  }

  async function item(result) {
    const data = await result.data();
    const li = document.createElement("li");
    li.className = "bx-sr-result";
    const title = document.createElement("p");
    title.className = "bx-sr-title";
    title.append(link(data.url, data.meta.title || data.url));
    li.append(title, excerptParagraph(data.excerpt));
    // Sections of the page that match, apart from the page itself (its whole text or its heading).
    const sections = (data.sub_results || [])
      .filter((sub) => sub.url !== data.url && sub.title !== data.meta.title)
      .slice(0, SUBRESULTS);
    if (sections.length) {
      const sub = document.createElement("ul");
      sub.className = "bx-sr-sub";
      for (const section of sections) {
        const entry = document.createElement("li");
        entry.append(link(section.url, section.title), excerptParagraph(section.excerpt));
        sub.append(entry);
      }
      li.append(sub);
    }
    return li;
  }

  // The next PAGE results as list items; null when a newer query has replaced this one.
  async function nextItems(run) {
    const next = results.slice(shown, shown + PAGE);
    const items = await Promise.all(next.map(item));
    if (run !== latest) return null;
    shown += next.length;
    return items;
  }

  async function showMore() {
    more.disabled = true;
    const items = await nextItems(latest);
    more.disabled = false;
    if (!items) return;
    list.append(...items);
    more.hidden = shown >= results.length;
  }

  function count(n, term) {
    const template = n === 0 ? say.none : n === 1 ? say.one : say.many;
    return template.replace("{n}", n.toLocaleString(document.documentElement.lang)).replace("{term}", term);
  }

  async function run() {
    const run = ++latest;
    const term = input.value.trim();
    if (!term) {
      list.replaceChildren();
      message.textContent = "";
      more.hidden = true;
      return;
    }
    let found;
    try {
      found = await (await engine()).debouncedSearch(term, {}, 250);
    } catch (error) {
      // The bundle did not load (offline, or a page opened from disk): say so, and retry next time.
      pagefind = null;
      if (run !== latest) return;
      list.replaceChildren();
      more.hidden = true;
      message.textContent = say.error;
      console.warn("search:", error);
      return;
    }
    if (found === null || run !== latest) return; // a newer query replaced this one
    results = found.results;
    shown = 0;
    const items = await nextItems(run);
    if (!items) return;
    // The count is announced once the first results are in the list, never before.
    list.replaceChildren(...items);
    more.hidden = shown >= results.length;
    message.textContent = count(results.length, term);
  }

  function open() {
    if (dialog.open) return;
    dialog.showModal();
    input.focus();
    engine().catch(() => (pagefind = null)); // start loading while the reader types (a failure is shown on search)
  }

  input.addEventListener("input", run);
  // Escape in a search field only clears it in Chromium; here it closes the dialog, as everywhere else.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      dialog.close();
    }
  });
  more.addEventListener("click", showMore);
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
