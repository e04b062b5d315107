import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PathAccess } from './pathAccess.js';

const root = path.resolve('/home/ada/nets');

describe('PathAccess', () => {
  it('refuses every path before the user picks one', () => {
    const access = new PathAccess();
    expect(access.isGranted(path.join(root, 'lenet.cnn.json'))).toBe(false);
    expect(() => access.check('/etc/passwd')).toThrow(/only open files you chose/);
  });

  it('allows a picked graph and its weights, and nothing else in that folder', () => {
    const access = new PathAccess();
    access.grantGraph(path.join(root, 'lenet.cnn.json'));
    expect(access.check(path.join(root, 'lenet.cnn.json'))).toBe(path.join(root, 'lenet.cnn.json'));
    expect(access.isGranted(path.join(root, 'lenet.safetensors'))).toBe(true);
    expect(access.isGranted(path.join(root, 'other.cnn.json'))).toBe(false);
    expect(access.isGranted(path.join(root, 'lenet.cnn.json.bak'))).toBe(false);
  });

  it('sees through .. segments instead of matching text', () => {
    const access = new PathAccess();
    access.grantGraph(path.join(root, 'lenet.cnn.json'));
    expect(access.isGranted(path.join(root, 'sub', '..', 'lenet.cnn.json'))).toBe(true);
    expect(access.isGranted(`${root}/lenet.cnn.json/../../../etc/passwd`)).toBe(false);
  });

  it('refuses relative paths, which would resolve against an unknown folder', () => {
    const access = new PathAccess();
    access.grantGraph(path.resolve('lenet.cnn.json'));
    expect(access.isGranted('lenet.cnn.json')).toBe(false);
  });
});
