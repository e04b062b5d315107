/**
 * `npm start`, last step: runs the built app (`electron .`) with the Electron binary, or says in
 * one line why it cannot. Runs in Node, not in Electron.
 */
import { spawn } from 'node:child_process';
import { electronPackageDir, findElectron } from './electronBinary.js';

const electron = findElectron(electronPackageDir());
if (!electron.found) {
  console.error(`cnn-studio: cannot start the desktop app: ${electron.reason}`);
  process.exit(1);
}
const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
