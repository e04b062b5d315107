import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { droppedGraphFile } from './drop.js';

describe('droppedGraphFile', () => {
  it('opens a graph file the user dropped (a file:// navigation)', () => {
    const file = path.resolve('/nets/my net.cnn.json');
    expect(droppedGraphFile(pathToFileURL(file).href)).toBe(file);
  });

  it('ignores every other navigation: blocked requests, the app, the web, other files', () => {
    for (const url of [
      'about:blank#blocked',
      'app://studio/index.html',
      'https://example.com/net.cnn.json',
      pathToFileURL(path.resolve('/etc/passwd')).href,
      'file://other-host/net.cnn.json',
      'not a url',
    ]) {
      expect(droppedGraphFile(url), url).toBeNull();
    }
  });
});
