import fs from 'node:fs/promises';
import path from 'node:path';
import { appHost, appScheme } from './ipc.js';

export const appUrl = `${appScheme}://${appHost}/index.html`;

/**
 * The page may load only the app's own files. Styles allow inline because React Flow positions
 * nodes with style attributes; workers may come from blob: URLs (bundlers emit those).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wgsl': 'text/plain; charset=utf-8',
};

/** The file under `root` that an app:// URL names, or null for anything outside it. */
export function appFilePath(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  const inside = path.relative(root, file);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return inside === '' || relative.endsWith('/') ? path.join(file, 'index.html') : file;
}

/** The response for one app:// request: the file with its type and the CSP, or a 404. */
export async function serveAppFile(root: string, requestUrl: string): Promise<Response> {
  const file = appFilePath(path.resolve(root), requestUrl);
  const headers = {
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
  };
  if (file !== null) {
    try {
      const body = await fs.readFile(file);
      const type = mimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      return new Response(body, { headers: { ...headers, 'Content-Type': type } });
    } catch {
      // Falls through to the 404: a missing file and a folder look the same to the page.
    }
  }
  return new Response('not found', { status: 404, headers });
}
