import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { graphFilesFromArgv } from './argv.js';

const cwd = path.resolve('/home/ada');

describe('graphFilesFromArgv', () => {
  it('finds nothing in a plain launch, packaged or not', () => {
    expect(graphFilesFromArgv(['/opt/CNN Studio/cnn-studio'], cwd)).toEqual([]);
    expect(graphFilesFromArgv(['/usr/bin/electron', '.'], cwd)).toEqual([]);
  });

  it('resolves graph files against the working folder and skips the app folder', () => {
    expect(
      graphFilesFromArgv(['electron', '.', 'nets/lenet.cnn.json', '/tmp/b.json'], cwd),
    ).toEqual([path.join(cwd, 'nets/lenet.cnn.json'), path.resolve('/tmp/b.json')]);
  });

  it('takes ONNX models too, and no other files', () => {
    expect(
      graphFilesFromArgv(['cnn-studio', 'resnet.onnx', 'notes.txt', 'a.cnn.json'], cwd),
    ).toEqual([path.join(cwd, 'resnet.onnx'), path.join(cwd, 'a.cnn.json')]);
  });

  it('ignores Electron and Chromium switches wherever they appear', () => {
    const argv = [
      'cnn-studio',
      '--no-sandbox',
      '--enable-features=Vulkan,UseSkiaRenderer',
      'a.cnn.json',
      '--allow-file-access-from-files',
      '-psn_0_12345',
      '--inspect=9229',
    ];
    expect(graphFilesFromArgv(argv, cwd)).toEqual([path.join(cwd, 'a.cnn.json')]);
  });

  it('takes everything after -- as a file, even names starting with a dash', () => {
    expect(graphFilesFromArgv(['cnn-studio', '--', '-odd.cnn.json'], cwd)).toEqual([
      path.join(cwd, '-odd.cnn.json'),
    ]);
  });

  it('accepts file:// URLs from desktop launchers, and drops other files and duplicates', () => {
    const file = path.resolve('/home/ada/My Nets/res net.cnn.json');
    const argv = ['cnn-studio', pathToFileURL(file).href, 'notes.txt', file, 'weights.safetensors'];
    expect(graphFilesFromArgv(argv, cwd)).toEqual([file]);
  });

  it('drops a file:// URL that names another host', () => {
    expect(graphFilesFromArgv(['cnn-studio', 'file://server/share/a.cnn.json'], cwd)).toEqual(
      process.platform === 'win32' ? ['\\\\server\\share\\a.cnn.json'] : [],
    );
  });
});
