import { copyFile, writeFile } from 'node:fs/promises';

// Enough for a static site when the system has no /etc/mime.types (Debian's media-types).
const FALLBACK: Readonly<Record<string, string>> = {
  'text/html': 'html htm', 'text/plain': 'txt', 'text/css': 'css', 'text/javascript': 'js mjs', 'application/json': 'json',
  'application/xml': 'xml', 'image/png': 'png', 'image/jpeg': 'jpg jpeg', 'image/gif': 'gif', 'image/svg+xml': 'svg',
  'image/webp': 'webp', 'image/x-icon': 'ico', 'font/woff': 'woff', 'font/woff2': 'woff2', 'application/pdf': 'pdf',
  'audio/mpeg': 'mp3', 'audio/ogg': 'ogg oga', 'video/mp4': 'mp4', 'application/octet-stream': 'bin',
};

/** Puts a mime.types into the private ServerRoot: the system's when there is one. */
export async function writeMimeTypes(target: string, system = '/etc/mime.types'): Promise<void> {
  try {
    await copyFile(system, target);
  } catch {
    await writeFile(target, Object.entries(FALLBACK).map(([type, ext]) => `${type}\t${ext}`).join('\n') + '\n');
  }
}
