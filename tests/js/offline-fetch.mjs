// Every URL a verifier asks for, served from local files: nothing reaches the network.
//
// @digitalcredentials/verifier-core takes no documentLoader and no fetch option,
// but every network read inside it (did:web DID documents, status lists,
// contexts it has no copy of, JSON schemas, issuer registries) ends in
// globalThis.fetch, looked up on each request. Replacing it is enough.
//
// installOfflineFetch(routes) maps a URL prefix ending in "/" to a folder, or an
// exact URL to a file. A missing file is a 404. A URL no route covers fails as
// an unreachable host would and is recorded in `misses`: a test asserts there
// were none, since verifier-core reports an unreachable did.json as a bad
// signature.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export function installOfflineFetch(routes) {
  const misses = [];
  const entries = Object.entries(routes)
    .map(([url, target]) => [url, path.resolve(target)])
    .sort((a, b) => b[0].length - a[0].length);

  async function fileFor(url) {
    const bare = url.split('#')[0].split('?')[0];
    for (const [prefix, target] of entries) {
      if (bare === prefix) return target;
      if (prefix.endsWith('/') && bare.startsWith(prefix)) {
        const file = path.join(target, decodeURIComponent(bare.slice(prefix.length)));
        if (file !== target && !file.startsWith(target + path.sep)) return null;
        try {
          if ((await stat(file)).isDirectory()) return path.join(file, 'index.html');
        } catch {
          // not there: the read below answers 404
        }
        return file;
      }
    }
    return null;
  }

  globalThis.fetch = async (input) => {
    const url = typeof input === 'string' ? input : (input.url ?? String(input));
    const file = await fileFor(url);
    if (file === null) {
      misses.push(url);
      throw new TypeError(`fetch failed (offline: no route for ${url})`);
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      return new Response('Not Found', { status: 404, statusText: 'Not Found' });
    }
    const type = /\.json(ld)?$/.test(file) ? 'application/json' : 'application/octet-stream';
    return new Response(body, { status: 200, headers: { 'content-type': type } });
  };
  return { misses };
}
