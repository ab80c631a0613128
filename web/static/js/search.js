// Search: queries the library's index in the browser as the visitor types, lists the results
// (title, where the words are, whether it has audio and how long), and says politely how many.
(() => {
  "use strict";
  const root = document.querySelector("[data-search]");
  if (!root) return;
  const form = root.querySelector("form");
  const input = form.querySelector("input");
  const status = root.querySelector("[role=status]");
  const list = root.querySelector(".results");
  const lang = document.documentElement.lang;
  const words = root.dataset;
  let engine = null;
  let latest = 0;

  function load() {
    engine = engine || import(words.index).then(async (pagefind) => {
      await pagefind.options({ baseUrl: words.siteRoot });
      return pagefind;
    });
    return engine;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  }

  function duration(ms) {
    const total = Math.round(ms / 1000);
    const units = [["minute", Math.floor(total / 60)], ["second", total % 60]]
      .filter(([, n]) => n)
      .map(([unit, n]) => new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: "long" })
        .format(n));
    return new Intl.ListFormat(lang, { type: "conjunction" }).format(units);
  }

  // Pagefind's excerpt is escaped text with <mark> around the words found: keep only those.
  function decode(html) {
    const area = document.createElement("textarea"); // its content is text, never markup
    area.innerHTML = html;
    return area.value;
  }

  function excerpt(html) {
    const p = document.createElement("p");
    html.split(/(<mark>.*?<\/mark>)/).forEach((part) => {
      const marked = part.match(/^<mark>(.*)<\/mark>$/);
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = decode(marked[1]);
        p.append(mark);
      } else {
        p.append(decode(part));
      }
    });
    return p;
  }

  function item(data) {
    const li = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title;
    if (data.meta.title_lang && data.meta.title_lang !== lang) link.lang = data.meta.title_lang;
    heading.append(link);
    const audio = document.createElement("p");
    audio.className = "meta";
    const ms = Number(data.meta.duration_ms || 0);
    audio.textContent = data.meta.audio === "yes"
      ? fill(words.audio, { duration: duration(ms) }) : words.noAudio;
    li.append(heading, excerpt(data.excerpt), audio);
    return li;
  }

  async function run(query) {
    const ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const pagefind = await load();
      const found = await pagefind.debouncedSearch(query, {}, 250);
      if (found === null || ticket !== latest) return; // a newer query replaced this one
      const data = await Promise.all(found.results.slice(0, 50).map((r) => r.data()));
      if (ticket !== latest) return;
      list.replaceChildren(...data.map(item));
      const count = found.results.length;
      const form = new Intl.PluralRules(lang).select(count) === "one" ? words.one : words.other;
      status.textContent = fill(form, { count: count.toLocaleString(lang), query });
    } catch (error) {
      status.textContent = words.failed;
    }
  }

  form.hidden = false;
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run(asked);
  }
  input.addEventListener("input", () => run(input.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.replaceState(null, "", `?q=${encodeURIComponent(input.value)}`);
    run(input.value);
  });
})();
