// Search: queries the library's index in the browser as the visitor types, lists the pages that
// hold every word asked for (title, the passage where they are, whether it has audio and how
// long), each leading to that passage and offering to listen from it, and says politely how many.
// Whole words only: each word is asked for as Pagefind's exact ("quoted") search, which finds its
// stem in the page's language with or without accents ("receptor" finds "receptores",
// "hematoencefalica" finds "hematoencefálica") and never a word that only begins like it
// ("sobredosis" does not find "sobre"). The index is the one of the page's language, in one
// shard or several (a large library), merged into one search.
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
  const AROUND = 12; // words shown on each side of the first one found
  let engine = null;
  let latest = 0;
  let waiting = null;

  // A language of many pages is indexed in shards: the first with the others' languages in
  // the index's folder, each further one in a folder of its own, "<language>-<n>/".
  const shard = new RegExp(`^(${lang.toLowerCase()}-\\d+/)`);
  const shards = [...new Set(words.files.split(" ").map((name) => (shard.exec(name) || [])[1])
    .filter(Boolean))];

  function load() {
    // The index's folder is named after its content, so its entry file may be cached under a
    // fixed name (Pagefind otherwise adds the time to it): search works from a cached copy.
    const options = { baseUrl: words.siteRoot, metaCacheTag: words.version };
    engine = engine || import(words.index).then(async (pagefind) => {
      await pagefind.options(options);
      const folder = new URL(".", new URL(words.index, location.href));
      for (const prefix of shards) {
        await pagefind.mergeIndex(new URL(prefix, folder).href, options);
      }
      return pagefind;
    });
    return engine;
  }

  // Once a search has worked, ask the service worker (sw.js) to keep this page and this
  // language's index, so that search works with no connection too. Pagefind fetches from a
  // worker of its own, so the files are named from the index's list, not from what was fetched.
  function keepForOffline() {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!worker || keepForOffline.done) return;
    keepForOffline.done = true;
    const folder = new URL(words.index, location.href);
    const code = lang.toLowerCase();
    const ours = (name) => /^(pagefind\.js|pagefind-worker\.js)$/.test(name) ||
      name === `wasm.${code}.pagefind` || name.startsWith(`pagefind.${code}_`) ||
      /^(index|fragment)\//.test(name) && name.split("/")[1].startsWith(`${code}_`) ||
      shard.test(name) && !name.endsWith("/pagefind-entry.json");
    const files = words.files.split(" ").filter(ours).map((name) => new URL(name, folder).href);
    for (const prefix of ["", ...shards]) {
      files.push(new URL(`${prefix}pagefind-entry.json?ts=${words.version}`, folder).href);
    }
    worker.postMessage({ keep: [location.href.split(/[?#]/)[0], ...files] });
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

  // The words of a query, as Pagefind splits a page's text (at spaces; it drops punctuation).
  function termsOf(query) {
    return query.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  }

  // Return the pages holding every word, best first: {id, score, firsts: where each word is
  // first (Pagefind's whole-word search gives one place per page), loose: where the prefix
  // search finds it (all its places, and those of longer words), data}. Whole-word search
  // scores every page alike, so the prefix search's scores rank them.
  async function find(pagefind, terms) {
    const [exact, loose] = await Promise.all([
      Promise.all(terms.map((term) => pagefind.search(`"${term}"`))),
      Promise.all(terms.map((term) => pagefind.search(term)))]);
    const pages = new Map();
    exact.forEach((found, index) => found.results.forEach((result) => {
      const page = pages.get(result.id) ||
        { id: result.id, score: 0, firsts: [], loose: [], data: result.data };
      if (page.firsts.length === index) { // found for every word before this one
        const near = loose[index].results.find((other) => other.id === result.id);
        page.score += near ? near.score : 0;
        page.firsts.push(result.words[0]); // none when only the title's metadata holds it
        page.loose.push(near ? near.words : []);
        pages.set(result.id, page);
      }
    }));
    return [...pages.values()].filter((page) => page.firsts.length === terms.length)
      .sort((a, b) => b.score - a.score);
  }

  // Return every place of each word on each page (its hits): of the places the prefix search
  // found, those whose word, asked for whole, is first in the same place as the word asked
  // for, that is, has the same stem ("dopaminergic" is not "dopamine").
  async function placesOf(pagefind, terms, pages, data) {
    const firstPlaces = new Map(); // a word as written -> page id -> its first place
    const firstOf = (word) => {
      if (!firstPlaces.has(word)) {
        firstPlaces.set(word, pagefind.search(`"${word}"`).then((found) =>
          new Map(found.results.map((result) => [result.id, result.words[0]]))));
      }
      return firstPlaces.get(word);
    };
    return Promise.all(pages.map((page, i) => {
      const text = data[i].content.split(/\s+/);
      return Promise.all(terms.map(async (_, j) => {
        const first = page.firsts[j];
        if (first === undefined) return [];
        const places = [first];
        for (const place of page.loose[j]) {
          if (place !== first && (await firstOf(text[place])).get(page.id) === first) {
            places.push(place);
          }
        }
        return places;
      }));
    }));
  }

  // The passage holding the most of the words asked for (then the most words found, then the
  // first): the anchor (an element with an id) it starts at, or none for the title and summary
  // above the first, and the first word found in it.
  function passage(data, hits) {
    const anchors = data.anchors.filter((anchor) => anchor.id)
      .sort((a, b) => a.location - b.location);
    const regions = new Map();
    hits.forEach((locations, term) => locations.forEach((location) => {
      const anchor = anchors.filter((a) => a.location <= location).pop();
      const key = anchor ? anchor.id : "";
      const region = regions.get(key) || { anchor, first: location, terms: new Set(), hits: 0 };
      region.first = Math.min(region.first, location);
      region.terms.add(term);
      region.hits += 1;
      regions.set(key, region);
    }));
    const best = [...regions.values()].sort((a, b) =>
      b.terms.size - a.terms.size || b.hits - a.hits || a.first - b.first)[0];
    return best || { anchor: undefined, first: 0 };
  }

  // A few words of the passage around the first word found, the words found marked.
  function excerpt(data, region, locations) {
    const text = data.content.split(/\s+/);
    const ends = data.anchors.map((anchor) => anchor.location)
      .filter((location) => location > (region.anchor ? region.anchor.location : -1));
    const start = Math.max(region.anchor ? region.anchor.location : 0, region.first - AROUND);
    const end = Math.min(Math.min(text.length, ...ends), region.first + AROUND + 1);
    const found = new Set(locations);
    const p = document.createElement("p");
    if (start > (region.anchor ? region.anchor.location : 0)) p.append("… ");
    for (let i = start; i < end; i += 1) {
      if (i > start) p.append(" ");
      if (found.has(i)) {
        const mark = document.createElement("mark");
        mark.textContent = text[i];
        p.append(mark);
      } else {
        p.append(text[i]);
      }
    }
    if (end < Math.min(text.length, ...ends)) p.append(" …");
    return p;
  }

  function item(data, hits, number) {
    const region = passage(data, hits);
    const anchor = region.anchor ? region.anchor.id : "";
    const li = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = anchor ? `${data.url}#${anchor}` : data.url;
    link.id = `result-${number}`;
    link.textContent = data.meta.title;
    if (data.meta.title_lang && data.meta.title_lang !== lang) link.lang = data.meta.title_lang;
    heading.append(link);
    const audio = document.createElement("p");
    audio.className = "meta";
    const ms = Number(data.meta.duration_ms || 0);
    audio.textContent = data.meta.audio === "yes"
      ? fill(words.audio, { duration: duration(ms) }) : words.noAudio;
    li.append(heading, excerpt(data, region, hits.flat()), audio);
    if (data.meta.audio === "yes") {
      // edition-switch.js on the article page plays from the passage named after "listen-".
      const listen = document.createElement("a");
      listen.className = "listen";
      listen.href = `${data.url}#listen${anchor ? "-" + anchor : ""}`;
      listen.textContent = words.listen;
      listen.setAttribute("aria-describedby", link.id);
      const line = document.createElement("p");
      line.append(listen);
      li.append(line);
    }
    return li;
  }

  async function run(query) {
    const ticket = ++latest;
    const terms = termsOf(query);
    if (!terms.length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const pagefind = await load();
      const pages = await find(pagefind, terms);
      if (ticket !== latest) return; // a newer query replaced this one
      const shown = pages.slice(0, 50);
      const data = await Promise.all(shown.map((page) => page.data()));
      const hits = await placesOf(pagefind, terms, shown, data);
      if (ticket !== latest) return;
      list.replaceChildren(...shown.map((page, i) => item(data[i], hits[i], i + 1)));
      const count = pages.length;
      const form = new Intl.PluralRules(lang).select(count) === "one" ? words.one : words.other;
      status.textContent = fill(form, { count: count.toLocaleString(lang), query });
      keepForOffline();
    } catch (error) {
      status.textContent = words.failed;
    }
  }

  // As the visitor types: once they pause.
  function soon(query) {
    clearTimeout(waiting);
    waiting = setTimeout(() => run(query), 250);
  }

  form.hidden = false;
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    run(asked);
  }
  input.addEventListener("input", () => soon(input.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(waiting);
    history.replaceState(null, "", `?q=${encodeURIComponent(input.value)}`);
    run(input.value);
  });
})();
