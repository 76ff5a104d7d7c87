import { signDocument, verifyDocument, type Credential, type CredentialVerifier, type SignedDocument } from '@lama/lookup';
import { SiteManifestError, UnsafePathError } from '../errors.js';
import { parseSiteDefinition, type SiteDefinition } from './site-definition.js';
import { checkLinkTarget, checkTreePath, parentOf } from './tree-path.js';

/** The signed-document kind of a site manifest, and the role that may sign one. */
export const SITE_MANIFEST_KIND = 'site-manifest';
export const PUBLISHER_ROLE = 'controller';

/** One entry of a site tree: a directory, a file (its object is its sha256), or a symlink. */
export type TreeEntry =
  | { path: string; type: 'dir'; mode: number }
  | { path: string; type: 'file'; mode: number; size: number; sha256: string }
  | { path: string; type: 'symlink'; target: string };

/** The body of a site manifest (docs/site-store.md describes every field). */
export interface SiteManifest {
  format: 'lama-site-manifest';
  v: 1;
  site: string;
  version: number;
  definition: SiteDefinition;
  /** Sorted by path; every entry's parent is a 'dir' entry before it (the root is implied). */
  entries: TreeEntry[];
  files: number;
  bytes: number;
}

/** A site's name: lowercase letters, digits and '-', as in a DNS label. */
export const SITE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** Longest manifest accepted, in characters (about 500,000 entries). */
export const MAX_MANIFEST_CHARS = 64 * 1024 * 1024;
const SYMLINK_HOPS = 40;

/** Checks a site name; throws SiteManifestError saying what a name may hold. */
export function checkSiteName(site: string): string {
  if (!SITE_NAME.test(site)) throw new SiteManifestError(`site name '${site}' must be 1-63 lowercase letters, digits and '-', starting with a letter or digit`);
  return site;
}

/** Checks a version number: a positive integer. */
export function checkVersion(version: number, site = 'site'): number {
  if (!Number.isSafeInteger(version) || version < 1) throw new SiteManifestError(`${site}: version '${version}' must be a positive integer`);
  return version;
}

/** Parses `SITE` or `SITE@VERSION` (a command-line argument). */
export function parseSiteRef(ref: string): { site: string; version?: number } {
  const at = ref.indexOf('@');
  const site = checkSiteName(at < 0 ? ref : ref.slice(0, at));
  if (at < 0) return { site };
  const text = ref.slice(at + 1);
  if (!/^[0-9]+$/.test(text)) throw new SiteManifestError(`version '${text}' of '${ref}' must be a positive integer`);
  return { site, version: checkVersion(Number(text), site) };
}

/** Signs a manifest body as a site manifest with a controller's credential. */
export function signSiteManifest(credential: Credential, manifest: SiteManifest, now = Date.now()): SignedDocument {
  return signDocument(credential, SITE_MANIFEST_KIND, manifest, now);
}

/**
 * Verifies a signed site manifest from untrusted JSON against the pool key (signer with role
 * controller) and checks its whole body: the site and version asked for, every path and
 * symlink inside the tree, hashes and sizes well formed. Throws before anything is used.
 */
export function verifySiteManifest(verifier: CredentialVerifier, value: unknown, expect: { site: string; version?: number }): { manifest: SiteManifest; signer: string; signedAt: number } {
  const doc = verifyDocument(verifier, value, { kind: SITE_MANIFEST_KIND, roles: [PUBLISHER_ROLE], maxChars: MAX_MANIFEST_CHARS });
  const manifest = checkManifestBody(doc.body);
  if (manifest.site !== expect.site) throw new SiteManifestError(`manifest is for site '${manifest.site}', expected '${expect.site}'`);
  if (expect.version !== undefined && manifest.version !== expect.version) {
    throw new SiteManifestError(`manifest of '${manifest.site}' is version ${manifest.version}, expected ${expect.version}`);
  }
  return { manifest, signer: doc.signer.name, signedAt: doc.signedAt };
}

/** Parses a manifest body without its signature (the store's own gc and index read them this way). */
export function readManifestBody(value: unknown): SiteManifest {
  if (typeof value !== 'object' || value === null || typeof (value as SignedDocument).body !== 'string') throw new SiteManifestError('not a signed site manifest');
  let body: unknown;
  try {
    body = JSON.parse((value as SignedDocument).body);
  } catch {
    throw new SiteManifestError('site manifest body is not valid JSON');
  }
  return checkManifestBody(body);
}

function fail(message: string): never {
  throw new SiteManifestError(`site manifest: ${message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mode(v: unknown, path: string): number {
  if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 0o7777) fail(`entry '${path}': mode must be an integer from 0 to 0o7777`);
  return v as number;
}

/** Checks a manifest body's every field (not its signature). */
export function checkManifestBody(body: unknown): SiteManifest {
  if (!isRecord(body)) fail('body is not an object');
  if (body.format !== 'lama-site-manifest' || body.v !== 1) fail("not a LAMA site manifest (fields 'format' and 'v')");
  if (typeof body.site !== 'string' || !SITE_NAME.test(body.site)) fail("field 'site' is not a site name");
  if (typeof body.version !== 'number') fail("field 'version' is not a number");
  checkVersion(body.version, body.site);
  const definition = parseSiteDefinition(body.definition, `site manifest of '${body.site}': definition`);
  if (!Array.isArray(body.entries)) fail("field 'entries' is not a list");
  const entries: TreeEntry[] = [];
  const kinds = new Map<string, TreeEntry>();
  let files = 0;
  let bytes = 0;
  for (const raw of body.entries as unknown[]) {
    if (!isRecord(raw)) fail('an entry is not an object');
    const path = checkTreePath(raw.path, 'entry path');
    if (kinds.has(path)) fail(`entry '${path}' appears twice`);
    const parent = parentOf(path);
    // A parent that is a directory of this tree, listed first: nothing is ever written through a symlink.
    if (parent !== '' && kinds.get(parent)?.type !== 'dir') fail(`entry '${path}' comes before its directory '${parent}', or its parent is not a directory`);
    let entry: TreeEntry;
    if (raw.type === 'dir') {
      entry = { path, type: 'dir', mode: mode(raw.mode, path) };
    } else if (raw.type === 'file') {
      if (!Number.isSafeInteger(raw.size) || (raw.size as number) < 0) fail(`entry '${path}': size must be a non-negative integer`);
      if (typeof raw.sha256 !== 'string' || !SHA256.test(raw.sha256)) fail(`entry '${path}': sha256 must be 64 lowercase hex digits`);
      entry = { path, type: 'file', mode: mode(raw.mode, path), size: raw.size as number, sha256: raw.sha256 };
      files++;
      bytes += entry.size;
    } else if (raw.type === 'symlink') {
      entry = { path, type: 'symlink', target: checkLinkTarget(path, raw.target) };
    } else {
      fail(`entry '${path}': type must be 'dir', 'file' or 'symlink'`);
    }
    kinds.set(path, entry);
    entries.push(entry);
  }
  for (const e of entries) if (e.type === 'symlink') checkResolvesInside(e.path, kinds);
  if (body.files !== files || body.bytes !== bytes) fail(`totals say ${String(body.files)} files and ${String(body.bytes)} bytes, the entries ${files} and ${bytes}`);
  return { format: 'lama-site-manifest', v: 1, site: body.site, version: body.version, definition, entries, files, bytes };
}

/**
 * Follows a symlink through the tree as the kernel would (links inside links, '..' after a
 * link leaves from the link's target): a chain that climbs above the root is refused, even
 * when each link alone looks harmless.
 */
function checkResolvesInside(start: string, kinds: Map<string, TreeEntry>): void {
  let hops = 0;
  const walk = (parts: string[], rest: string[]): void => {
    while (rest.length) {
      const part = rest.shift() as string;
      if (part === '.' || part === '') continue;
      if (part === '..') {
        if (parts.length === 0) throw new UnsafePathError(`symlink '${start}' resolves to a place outside the replica`);
        parts.pop();
        continue;
      }
      const here = [...parts, part].join('/');
      const entry = kinds.get(here);
      if (entry?.type === 'symlink') {
        if (++hops > SYMLINK_HOPS) throw new UnsafePathError(`symlink '${start}' resolves through more than ${SYMLINK_HOPS} links`);
        rest.unshift(...entry.target.split('/'));
        continue;
      }
      parts.push(part);
    }
  };
  const link = kinds.get(start) as { target: string };
  walk(parentOf(start) === '' ? [] : parentOf(start).split('/'), link.target.split('/'));
}
