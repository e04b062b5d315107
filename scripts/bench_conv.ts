/**
 * Times the Conv2d kernels (forward, input gradient, filter gradient) on the Node WebGPU
 * device for LeNet- and ResNet-sized layers. Prints the best wall time and the process CPU
 * time of each run: on a shared machine, SwiftShader's CPU time is the steadier number.
 * Usage: npx tsx scripts/bench_conv.ts [layer,layer...] [repeats]
 */
import {
  createStorage,
  encodeCalls,
  PipelineCache,
  recordCalls,
  tensorBytes,
} from '../src/runtime-gpu/gpu.js';
import { elementCount, type KernelCall } from '../src/runtime-gpu/kernel.js';
import {
  conv2dBackwardData,
  conv2dBackwardFilter,
  conv2dForward,
} from '../src/runtime-gpu/kernels/conv2d/conv2d.js';
import { convOutSize, type Conv2dDims } from '../src/runtime-gpu/kernels/conv2d/dims.js';
import { randomArray, testDevice } from '../src/runtime-gpu/testing.js';

// [batch, cin, size, cout, kernel, stride, padding]
const layers: Record<string, number[]> = {
  lenet1: [256, 1, 28, 6, 5, 1, 2],
  lenet2: [256, 6, 14, 16, 5, 1, 0],
  resnet64: [32, 64, 24, 64, 3, 1, 1],
  resnet128s2: [32, 64, 24, 128, 3, 2, 1],
};

function dimsOf(name: string): Conv2dDims {
  const l = layers[name];
  if (!l) throw new Error(`unknown layer ${name}; known: ${Object.keys(layers).join(', ')}`);
  const [n, cin, h, cout, k, s, p] = l as [number, number, number, number, number, number, number];
  const o = convOutSize(h, k, s, p);
  const one = { dilH: 1, dilW: 1, groups: 1 };
  return { n, cin, h, w: h, cout, kh: k, kw: k, sh: s, sw: s, ph: p, pw: p, ...one, oh: o, ow: o };
}

async function main(): Promise<void> {
  const names = (process.argv[2] ?? Object.keys(layers).join(',')).split(',');
  const repeats = Number(process.argv[3] ?? 3);
  const device = await testDevice();
  for (const name of names) {
    const d = dimsOf(name);
    const shapes: Record<string, number[]> = {
      x: [d.n, d.cin, d.h, d.w],
      w: [d.cout, d.cin, d.kh, d.kw],
      b: [d.cout],
      y: [d.n, d.cout, d.oh, d.ow],
      dy: [d.n, d.cout, d.oh, d.ow],
      dx: [d.n, d.cin, d.h, d.w],
      dw: [d.cout, d.cin, d.kh, d.kw],
      db: [d.cout],
    };
    const passes: Record<string, KernelCall[]> = {};
    for (const [pass, k] of Object.entries({
      forward: conv2dForward({ x: 'x', w: 'w', b: 'b', y: 'y' }, d),
      backwardData: conv2dBackwardData({ dy: 'dy', w: 'w', dx: 'dx' }, d, false),
      backwardFilter: conv2dBackwardFilter({ x: 'x', dy: 'dy', dw: 'dw', db: 'db' }, d),
    })) {
      passes[pass] = k.calls;
      for (const t of k.scratch) shapes[t.name] = t.shape;
    }
    const buffers = new Map<string, ReturnType<typeof createStorage>>();
    for (const [tensor, shape] of Object.entries(shapes)) {
      const buf = createStorage(device, tensorBytes({ shape }), tensor);
      device.queue.writeBuffer(buf, 0, Float32Array.from(randomArray(elementCount(shape), 7)));
      buffers.set(tensor, buf);
    }
    const cache = new PipelineCache(device);
    for (const [pass, calls] of Object.entries(passes)) {
      await cache.prepare(calls);
      const recorded = recordCalls(device, cache, calls, buffers);
      const run = async (): Promise<void> => {
        const enc = device.createCommandEncoder();
        encodeCalls(enc, recorded);
        device.queue.submit([enc.finish()]);
        await device.queue.onSubmittedWorkDone();
      };
      await run();
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let r = 0; r < repeats; r++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await run();
        wall.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      const ms = (v: number[]) => v.map((t) => t.toFixed(0)).join(' ');
      console.log(`${name} ${pass}: wall ms ${ms(wall)}, cpu ms ${ms(cpu)}`);
    }
    for (const b of buffers.values()) b.destroy();
  }
}

await main();
process.exit(0);
