// Read a podcast feed from standard input as Podcast Index's parser does (partytime), and
// print what it found as JSON (tests/test_feeds.py).
const { parseFeed } = require("podcast-partytime");

let xml = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { xml += chunk; });
process.stdin.on("end", () => {
  const feed = parseFeed(xml, { allowMissingGuid: true });
  process.stdout.write(JSON.stringify(feed));
});
