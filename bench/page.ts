/**
 * The benchmark page: bench/run.ts opens it in headless Chromium and reads `window.benchResult`.
 */
import { requestDevice } from '../src/runtime-gpu/index.js';
import { compare } from './compare.js';
import type { BenchConfig, BenchResult } from './protocol.js';

declare global {
  interface Window {
    benchResult: Promise<BenchResult>;
  }
}

const params = new URLSearchParams(location.search);
const config = JSON.parse(params.get('config') ?? '{}') as BenchConfig;
window.benchResult = requestDevice(navigator.gpu).then((gpu) => compare(gpu, config));
