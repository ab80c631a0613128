/* Offline listening. offline.js saves an article in its own Cache Storage cache ("offline:<lang>:
   <slug>"): the page, its CSS, JavaScript and fonts, its MP3 and WebVTT cues. Pages come from
   the network first and from a saved copy when there is no connection, else this language's
   "no connection" page, which this worker keeps with the "saved on this device" page in its
   own versioned cache (SITE). Scripts and styles come from the network first too, so a new
   version reaches listeners as soon as they are online, and refresh the saved copies; every
   other file a saved page asks for comes from its cache first (no data used), and any saved
   audio, cue or picture file too (their names carry a hash of their content). Everything else comes
   from the network first, and from a saved copy when there is no connection (a picture's saved
   size standing in for the others).
   Plain static logic only: the site may be served as static files under a base path. */
"use strict";

const PREFIX = "offline:";
// The site serves this script with its deploy's version in the name: a new deploy installs a
// new worker, which deletes the caches of older versions.
const SITE = "site-dev";
const FRESH = ["script", "style"];
// Pages vary on Accept-Encoding and Cookie, and media requests send their own Accept-Encoding.
const MATCH = { ignoreVary: true };

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith("site-") && name !== SITE) {
      await caches.delete(name);
    }
  }
  await self.clients.claim();
})()));

/* Keep the pages offline.js names (this language's "saved" and "no connection" pages) and their
   files, each fetched once: fresh() keeps them up to date as the site is used. */
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.keep) || [];
  event.waitUntil(caches.open(SITE).then((cache) => Promise.all(urls.map(async (url) => {
    if (!await cache.match(url, MATCH)) {
      await cache.add(new Request(url, { cache: "no-cache" })).catch(() => undefined);
    }
  }))));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
    return;
  }
  event.respondWith(respond(event));
});

async function respond(event) {
  const request = event.request;
  if (request.mode === "navigate") {
    // Pages come from the network while there is one, so a corrected article reaches listeners
    // who saved it; the saved copy is for when there is no connection.
    try {
      return await fetch(request);
    } catch (error) {
      const copy = await caches.match(request, MATCH) || await caches.match(fallbackOf(request));
      if (copy) {
        return copy;
      }
      throw error;
    }
  }
  if (FRESH.includes(request.destination)) {
    return fresh(request);
  }
  const saved = await savedCopy(event);
  if (saved) {
    return answer(saved, request);
  }
  try {
    return await fetch(request);
  } catch (error) {
    const copy = await caches.match(request, MATCH) || await otherSize(request);
    if (copy) {
      return answer(copy, request);
    }
    throw error;
  }
}

/* Return a saved copy of the same picture in another size: a save keeps the size its page
   showed (audio/pictures/<name>-<size>.<hash>.<ext>), and offline any size will do. */
async function otherSize(request) {
  const picture = /^(.*\/pictures\/.+-)[^/-]+$/.exec(request.url);
  if (!picture) {
    return undefined;
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    const key = (await cache.keys()).find((saved) => saved.url.startsWith(picture[1]));
    if (key) {
      return cache.match(key, MATCH);
    }
  }
  return undefined;
}

/* Return the "no connection" page in the language of a page's URL (<scope><lang>/…). */
function fallbackOf(request) {
  const scope = self.registration.scope;
  const lang = request.url.startsWith(scope) ? request.url.slice(scope.length).split("/")[0] : "";
  return new Request(`${scope}${lang}/offline/`);
}

/* Answer from the network and refresh every saved copy; from a saved copy when offline. */
async function fresh(request) {
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        if (await cache.match(request, MATCH)) {
          await cache.put(request, response.clone());
        }
      }
    }
    return response;
  } catch (error) {
    const copy = await caches.match(request, MATCH);
    if (copy) {
      return copy;
    }
    throw error;
  }
}

/* Return the saved copy to serve before asking the network, if any. */
async function savedCopy(event) {
  const request = event.request;
  const page = await pageOf(event);
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX)) {
      continue;
    }
    const cache = await caches.open(name);
    if (page && await cache.match(page, MATCH)) {
      const copy = await cache.match(request, MATCH);
      if (copy) {
        return copy;
      }
    }
  }
  const media = ["audio", "track", "image"].includes(request.destination);
  return media ? caches.match(request, MATCH) : undefined;
}

/* Return the URL of the page this request is for: itself, or the page that asks for a file. */
async function pageOf(event) {
  if (event.request.mode === "navigate") {
    return event.request.url;
  }
  const client = event.clientId ? await self.clients.get(event.clientId) : null;
  return client ? client.url : null;
}

/* Answer a Range request (media elements send them to play and seek) from a whole response. */
async function answer(response, request) {
  const range = request.headers.get("Range");
  const parts = range && /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!parts || (!parts[1] && !parts[2]) || response.status !== 200) {
    return response;  // no Range, or one we do not handle: the whole file, as HTTP allows
  }
  const body = await response.blob();
  const size = body.size;
  const start = parts[1] ? Number(parts[1]) : Math.max(0, size - Number(parts[2]));
  const end = parts[1] && parts[2] ? Math.min(Number(parts[2]), size - 1) : size - 1;
  if (parts[1] && parts[2] && Number(parts[2]) < start) {
    return response;  // an invalid range is ignored
  }
  if (start >= size || end < start) {
    return new Response(null, {
      status: 416, statusText: "Range Not Satisfiable",
      headers: { "Content-Range": `bytes */${size}` },
    });
  }
  const type = response.headers.get("Content-Type") || body.type;
  return new Response(body.slice(start, end + 1, type), {
    status: 206, statusText: "Partial Content",
    headers: {
      "Content-Type": type,
      "Content-Length": String(end - start + 1),
      "Content-Range": `bytes ${start}-${end}/${size}`,
      "Accept-Ranges": "bytes",
    },
  });
}
