// A tiny static server for the browser example: / serves examples/js/browser,
// /pkg/ serves the built npm package (bindings-wasm/pkg).
//   node examples/js/serve.mjs [port]   then open http://127.0.0.1:PORT/?api=SANDBOX_URL
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOTS = { "/pkg/": path.resolve(HERE, "../../bindings-wasm/pkg"), "/": path.join(HERE, "browser") };
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".ts": "text/plain", ".json": "application/json" };

export function serve(port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const prefix = Object.keys(ROOTS).find((p) => url.pathname.startsWith(p));
    const rel = url.pathname.slice(prefix.length) || "index.html";
    const file = path.resolve(ROOTS[prefix], rel);
    if (!file.startsWith(ROOTS[prefix])) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 0));
  console.log(`serving on http://127.0.0.1:${server.address().port}`);
}
