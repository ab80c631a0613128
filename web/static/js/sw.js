/* Offline listening. offline.js saves an article in its own Cache Storage cache ("offline:<lang>:
   <slug>"): the page, its CSS and JavaScript, its MP3s and WebVTT cues. Pages come from the
   network first and from a saved copy when there is no connection; every file a saved page
   asks for comes from its cache first (no data used), and any saved audio or cue file too
   (their names carry a hash of their content). Everything else comes from the network first,
   and from a saved copy when there is no connection.
   Plain static logic only: the site may be served as static files under a base path. */
"use strict";

const PREFIX = "offline:";
// Pages vary on Accept-Encoding and Cookie, and media requests send their own Accept-Encoding.
const MATCH = { ignoreVary: true };

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

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
      const copy = await caches.match(request, MATCH);
      if (copy) {
        return copy;
      }
      throw error;
    }
  }
  const saved = await savedCopy(event);
  if (saved) {
    return answer(saved, request);
  }
  try {
    return await fetch(request);
  } catch (error) {
    const copy = await caches.match(request, MATCH);
    if (copy) {
      return answer(copy, request);
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
  const media = request.destination === "audio" || request.destination === "track";
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
