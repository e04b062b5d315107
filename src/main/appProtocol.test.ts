import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFilePath, contentSecurityPolicy, serveAppFile } from './appProtocol.js';

let root: string;
beforeAll(async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'cnn-protocol-'));
  root = path.join(base, 'web');
  await fs.mkdir(path.join(root, 'assets'), { recursive: true });
  await fs.writeFile(path.join(root, 'index.html'), '<!doctype html><title>CNN Studio</title>');
  await fs.writeFile(path.join(root, 'assets', 'main 1.js'), 'console.log(1)');
  await fs.writeFile(path.join(base, 'secret.txt'), 'outside the web root');
});
afterAll(async () => {
  await fs.rm(path.dirname(root), { recursive: true, force: true });
});

describe('appFilePath', () => {
  it('maps app://studio URLs into the web root, with index.html for folders', () => {
    expect(appFilePath(root, 'app://studio/')).toBe(path.join(root, 'index.html'));
    expect(appFilePath(root, 'app://studio/assets/main%201.js?v=2#x')).toBe(
      path.join(root, 'assets', 'main 1.js'),
    );
  });

  it('never leaves the web root, however the path is spelled', () => {
    for (const url of [
      'app://studio/../secret.txt',
      'app://studio/%2e%2e/secret.txt',
      'app://studio/assets/..%2f..%2fsecret.txt',
      'app://studio/..%5csecret.txt',
    ]) {
      const file = appFilePath(root, url);
      expect(file === null || file.startsWith(root + path.sep), url).toBe(true);
    }
    expect(appFilePath(root, 'app://studio/%00')).toBeNull();
    expect(appFilePath(root, 'app://studio/%E0%A4%A')).toBeNull();
  });

  it('answers only its own scheme and host', () => {
    expect(appFilePath(root, 'app://other/index.html')).toBeNull();
    expect(appFilePath(root, 'file:///etc/passwd')).toBeNull();
  });
});

describe('serveAppFile', () => {
  it('serves files with their type and the CSP', async () => {
    const res = await serveAppFile(root, 'app://studio/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await res.text()).toContain('<title>CNN Studio</title>');
    const js = await serveAppFile(root, 'app://studio/assets/main%201.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 for missing files, folders and files outside the root', async () => {
    for (const url of [
      'app://studio/nope.js',
      'app://studio/assets',
      'app://studio/%2e%2e/secret.txt',
    ]) {
      const res = await serveAppFile(root, url);
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toContain('outside the web root');
    }
  });

  it('the CSP allows no inline or remote script', () => {
    const script = contentSecurityPolicy.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/https?:|unsafe-eval|\*/);
  });
});

describe('the Content-Security-Policy', () => {
  const directives = (csp: string) => csp.split(';').map((d) => d.trim());

  it('closes the doors a strict policy names: plugins, <base>, form posts, framing', () => {
    for (const d of ["object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
      expect(directives(contentSecurityPolicy)).toContain(d);
    }
    expect(directives(contentSecurityPolicy)).toContain("frame-ancestors 'none'");
  });

  it("is the web page's too (src/renderer/index.html), but for frame-ancestors, which a meta tag cannot set", async () => {
    const html = await fs.readFile(path.resolve('src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    const electron = directives(contentSecurityPolicy).filter((d) => !d.startsWith('frame-'));
    expect(directives(meta!).sort()).toEqual(electron.sort());
  });
});
