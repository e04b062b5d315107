import type { Graph } from '../../graph/index.js';
import { isConvVariant } from '../kernels/conv2d/variants.js';
import { compile, type CompileOptions, type Plan } from '../plan/compile.js';
import { memoryStore, type Timing, type TuneStore } from './cache.js';
import type { Measure } from './measure.js';
import type { KernelCaps, KernelProblem, KernelSelector } from './problem.js';
import { kernelsVersion } from './version.js';

/**
 * How kernels are chosen: `tuned` measures every eligible variant of each new problem once
 * (then reads the stored timings), `register` always runs the register-blocked kernels (as
 * before tuning existed; nothing is measured), and a variant's name runs that variant
 * wherever it is eligible (for tests and benchmarks).
 */
export type KernelMode = 'tuned' | 'register' | (string & {});

/** Whether a user's word (CNN_STUDIO_KERNELS, a benchmark flag) is a KernelMode. */
export const isKernelMode = (v: string): boolean =>
  v === 'tuned' || v === 'register' || isConvVariant(v);

export interface TunerOptions {
  caps: KernelCaps;
  /** Names the adapter the timings belong to (see adapterKey). */
  adapter: string;
  measure: Measure;
  store?: TuneStore;
  mode?: KernelMode;
  /** Notes for the user: a stored file set aside, measuring started. */
  note?: (line: string) => void;
}

/** One adapter's name for the timing cache: vendor, architecture, device, description. */
export function adapterKey(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.device, info.description];
  const name = parts.filter(Boolean).join(' / ') || 'unknown adapter';
  return info.isFallbackAdapter ? `${name} (fallback)` : name;
}

/**
 * Picks a variant for every kernel problem of a device, by measurement: each problem with
 * more than one eligible variant is timed once per adapter (and per version of the kernels),
 * the fastest is kept, and the timings are stored for later runs.
 */
export class Tuner implements KernelSelector {
  private readonly timings = new Map<string, Timing>();
  private loaded: Promise<void> | undefined;
  /** Tuning runs one batch at a time, so two Trainers made at once measure nothing twice. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private o: TunerOptions) {}

  get caps(): KernelCaps {
    return this.o.caps;
  }

  get mode(): KernelMode {
    return this.o.mode ?? 'tuned';
  }

  /** Changes where timings are stored, or the mode; stored timings are read again. */
  configure(o: Partial<Pick<TunerOptions, 'store' | 'mode' | 'note' | 'measure' | 'caps'>>): void {
    this.o = { ...this.o, ...o };
    if (o.store) {
      this.loaded = undefined;
      this.timings.clear();
    }
  }

  pick(p: KernelProblem): string {
    const wanted = this.mode === 'tuned' ? this.timings.get(p.key)?.pick : this.mode;
    return wanted !== undefined && p.variants.includes(wanted) ? wanted : p.variants[0]!;
  }

  /** What was measured for a problem, if it was. */
  timing(key: string): Timing | undefined {
    return this.timings.get(key);
  }

  private get store(): TuneStore {
    return this.o.store ?? memoryStore;
  }

  private load(): Promise<void> {
    this.loaded ??= this.store.load(this.o.adapter, kernelsVersion()).then(
      ({ timings, note }) => {
        for (const [k, t] of timings) if (!this.timings.has(k)) this.timings.set(k, t);
        if (note) this.o.note?.(note);
      },
      (e: unknown) =>
        this.o.note?.(`kernel timings not read from ${this.store.where}: ${(e as Error).message}`),
    );
    return this.loaded;
  }

  /**
   * Measures the problems not measured before (those with one eligible variant need none).
   * Resolves true when a new choice was made. A variant that fails to run is left out.
   */
  tune(problems: readonly KernelProblem[]): Promise<boolean> {
    const run = this.queue.then(() => this.tuneNow(problems));
    this.queue = run.catch(() => {});
    return run;
  }

  private async tuneNow(problems: readonly KernelProblem[]): Promise<boolean> {
    // With one variant there is nothing to choose (a software adapter): no store is read.
    const choices = problems.filter((p) => p.variants.length > 1);
    if (this.mode !== 'tuned' || choices.length === 0) return false;
    await this.load();
    const todo = new Map<string, KernelProblem>();
    for (const p of choices) {
      const t = this.timings.get(p.key);
      if (!(t && p.variants.includes(t.pick))) todo.set(p.key, p);
    }
    if (todo.size === 0) return false;
    this.o.note?.(
      `measuring kernel variants for ${todo.size} layer size${todo.size > 1 ? 's' : ''} on this GPU (once; kept in ${this.store.where})`,
    );
    for (const p of todo.values()) {
      const ms: Record<string, number> = {};
      for (const v of p.variants) {
        try {
          ms[v] = await this.o.measure(p, v);
        } catch (e) {
          this.o.note?.(`kernel ${v} left out for ${p.key}: ${(e as Error).message}`);
        }
      }
      // The fastest; on a tie the earlier (the default comes first).
      const pick = p.variants.reduce((best, v) =>
        ms[v] !== undefined && !(ms[best] !== undefined && ms[best]! <= ms[v]!) ? v : best,
      );
      this.timings.delete(p.key);
      this.timings.set(p.key, { pick, ms });
    }
    try {
      await this.store.save(this.o.adapter, kernelsVersion(), this.timings);
    } catch (e) {
      this.o.note?.(`kernel timings not saved to ${this.store.where}: ${(e as Error).message}`);
    }
    return true;
  }

  /**
   * Compiles a plan with every conv and linear pass running its measured variant: a first
   * compile lists the problems, the new ones are measured, and the plan is compiled again
   * when a choice changed.
   */
  async compile(graph: Graph, o: CompileOptions): Promise<Plan> {
    const asked: KernelProblem[] = [];
    const probe: KernelSelector = {
      caps: this.caps,
      pick: (p) => {
        asked.push(p);
        return this.pick(p);
      },
    };
    const first = compile(graph, { ...o, kernels: probe });
    if (!(await this.tune(asked))) return first;
    return compile(graph, { ...o, kernels: this });
  }
}
