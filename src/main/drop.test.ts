import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { droppedFile } from './drop.js';

describe('droppedFile', () => {
  it('opens a graph file the user dropped (a file:// navigation)', () => {
    const file = path.resolve('/nets/my net.cnn.json');
    expect(droppedFile(pathToFileURL(file).href)).toBe(file);
  });

  it('opens an ONNX model the user dropped, to import it', () => {
    const file = path.resolve('/models/resnet18.onnx');
    expect(droppedFile(pathToFileURL(file).href)).toBe(file);
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
      expect(droppedFile(url), url).toBeNull();
    }
  });
});
