#!/usr/bin/env node
// Verify credentials of a built credsite site with two independent verifiers,
// offline, in one process:
//
// - @digitalcredentials/verifier-core, what the Learner Credential Wallet and
//   VerifierPlus run: signature, expiry, revocation (Bitstring Status List),
//   1EdTech schema. It has no documentLoader option, so offline-fetch.mjs
//   answers its requests from the site folder and the routes given.
// - Digital Bazaar's @digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and
//   @digitalbazaar/vc-bitstring-status-list, through an explicit documentLoader.
//
//   node verify.mjs CONFIG.json
//
// CONFIG: {"site": DIR, "baseUrl": URL, "contexts": DIR (credsite/contexts),
//          "routes": {URL: FILE or DIR/}, "now": ISO (Digital Bazaar's clock), "files": [FILE...]}
//
// Prints one JSON line per file, {"file", "verifierCore", "digitalBazaar"}, then
// {"misses": [...]}: every URL verifier-core asked for that no route serves.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { installOfflineFetch } from './offline-fetch.mjs';

const config = JSON.parse(await readFile(process.argv[2], 'utf8'));
const site = path.resolve(config.site);
const network = installOfflineFetch({ [config.baseUrl]: site, ...config.routes });

// Imported once fetch is replaced: nothing may capture the real one.
const { verifyCredential: verifierCoreVerify } = await import('@digitalcredentials/verifier-core');
const vc = await import('@digitalbazaar/vc');
const { DataIntegrityProof } = await import('@digitalbazaar/data-integrity');
const { cryptosuite: eddsaRdfc2022 } = await import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite');
const { checkStatus } = await import('@digitalbazaar/vc-bitstring-status-list');
const { default: didContext } = await import('did-context');

// verifier-core returns a log of steps (their order varies) or fatal errors; no overall verdict.
function verifierCoreSummary(result) {
  if (result.errors) return { fatal: result.errors.map((e) => `${e.name}: ${e.message}`) };
  const summary = {};
  for (const step of result.log ?? []) {
    summary[step.id] = 'valid' in step ? step.valid : { error: step.error?.name, message: step.error?.message };
  }
  if (result.error) summary.error = String(result.error.message ?? result.error);
  const schemaCheck = result.additionalInformation?.find((entry) => entry.id === 'schema_check');
  if (schemaCheck) {
    summary.schema = Array.isArray(schemaCheck.results)
      ? schemaCheck.results.map((r) => (r.result.valid ? 'valid' : JSON.stringify(r.result.errors?.slice(0, 3))))
      : schemaCheck.results;
  }
  return summary;
}

// --- Digital Bazaar: contexts from credsite's vendored copies, the DID and site files from the folder
const contexts = new Map();
const index = JSON.parse(await readFile(path.join(config.contexts, 'index.json'), 'utf8'));
for (const [url, name] of Object.entries(index)) {
  contexts.set(url, JSON.parse(await readFile(path.join(config.contexts, name), 'utf8')));
}
contexts.set('https://www.w3.org/ns/did/v1', didContext.contexts.get('https://www.w3.org/ns/did/v1'));
const didDocument = JSON.parse(await readFile(path.join(site, 'did.json'), 'utf8'));

async function documentLoader(url) {
  const document = await loadDocument(url);
  return { contextUrl: null, documentUrl: url, document };
}

async function loadDocument(url) {
  if (contexts.has(url)) return structuredClone(contexts.get(url));
  const [bare, fragment] = url.split('#');
  if (bare === didDocument.id) {
    if (!fragment) return structuredClone(didDocument);
    const method = didDocument.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`NotFoundError: ${url}`);
    // A DID resolver hands a verification method over with the DID document's context.
    return { '@context': didDocument['@context'], ...structuredClone(method) };
  }
  if (url.startsWith(config.baseUrl)) {
    return JSON.parse(await readFile(path.join(site, decodeURIComponent(bare.slice(config.baseUrl.length))), 'utf8'));
  }
  throw new Error(`NotFoundError: the offline loader has no ${url}`);
}

const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

async function digitalBazaarSummary(credential) {
  const result = await vc.verifyCredential({ credential, suite, documentLoader, checkStatus, now: config.now });
  const errors = result.error && (result.error.errors ?? [result.error]).map((e) => e.message);
  return {
    verified: result.verified,
    ...(errors && { errors }),
    // In @digitalbazaar/vc-bitstring-status-list, `verified` means the list was read and
    // trusted; whether the bit is set is `status` (true: revoked).
    ...(result.statusResult && {
      statusVerified: result.statusResult.verified,
      revoked: (result.statusResult.results ?? []).map((r) => r.status),
    }),
  };
}

for (const file of config.files) {
  const credential = JSON.parse(await readFile(file, 'utf8'));
  const verifierCore = verifierCoreSummary(await verifierCoreVerify({ credential, knownDIDRegistries: [] }));
  const digitalBazaar = await digitalBazaarSummary(credential);
  console.log(JSON.stringify({ file, verifierCore, digitalBazaar }));
}
console.log(JSON.stringify({ misses: network.misses }));
