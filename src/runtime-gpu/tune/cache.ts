import { z } from 'zod';

/**
 * What the tuner measured for one problem: the variant picked and each variant's time (ms a
 * run). The CLI keeps these in a JSON file per user, the app in IndexedDB; both read them
 * through the schemas here, and anything that does not fit is set aside with a note.
 */
export interface Timing {
  pick: string;
  ms: Record<string, number>;
}

/** Where timings persist between runs, per adapter and per version of the kernels. */
export interface TuneStore {
  /** A short description for notes ("the file ~/.cache/cnn-studio/kernel-timings.json"). */
  readonly where: string;
  /** The adapter's timings for these kernels; a note when stored ones were set aside. */
  load(adapter: string, kernels: string): Promise<{ timings: Map<string, Timing>; note?: string }>;
  save(adapter: string, kernels: string, timings: ReadonlyMap<string, Timing>): Promise<void>;
}

/** A store that keeps nothing (the default: every process measures again). */
export const memoryStore: TuneStore = {
  where: 'memory',
  load: async () => ({ timings: new Map() }),
  save: async () => {},
};

export const timingsFormat = 'cnn-studio.kernel-timings';

/** Reading is bounded: a file above this is not parsed. */
export const maxTimingsBytes = 4 * 1024 * 1024;
/** Problems kept per adapter; the oldest go first. */
export const maxTimingsPerAdapter = 4096;
const maxAdapters = 16;
const name = z.string().min(1).max(400);

const timingSchema = z.object({
  pick: name,
  ms: z.record(name, z.number().finite().nonnegative()),
});

/** One adapter's timings with the kernels version they were measured with. */
export const adapterTimingsSchema = z.object({
  kernels: name,
  timings: z.record(name, timingSchema),
});

const fileSchema = z.object({
  format: z.literal(timingsFormat),
  version: z.literal(1),
  adapters: z.record(name, adapterTimingsSchema),
});

export type AdapterTimings = z.infer<typeof adapterTimingsSchema>;
export type TimingsFile = z.infer<typeof fileSchema>;

export const emptyTimingsFile = (): TimingsFile => ({
  format: timingsFormat,
  version: 1,
  adapters: {},
});

/** The first problem zod found, as a few words for a note. */
const firstIssue = (e: z.ZodError): string => {
  const i = e.issues[0]!;
  return `${i.path.join('.') || 'the top level'}: ${i.message}`;
};

/** Parses a timings file; anything unreadable gives an empty one and the reason. */
export function parseTimingsFile(text: string): { file: TimingsFile; problem?: string } {
  if (text.length > maxTimingsBytes) {
    return { file: emptyTimingsFile(), problem: `it is larger than ${maxTimingsBytes} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { file: emptyTimingsFile(), problem: `it is not JSON (${(e as Error).message})` };
  }
  const r = fileSchema.safeParse(json);
  if (!r.success) return { file: emptyTimingsFile(), problem: firstIssue(r.error) };
  if (Object.keys(r.data.adapters).length > maxAdapters) {
    return { file: emptyTimingsFile(), problem: `it lists more than ${maxAdapters} adapters` };
  }
  return { file: r.data };
}

/**
 * One adapter's section as a map, when it was measured with these kernels; otherwise empty,
 * with why (the kernels changed: everything is measured again).
 */
export function adapterTimings(
  section: unknown,
  kernels: string,
): { timings: Map<string, Timing>; problem?: string } {
  if (section === undefined) return { timings: new Map() };
  const r = adapterTimingsSchema.safeParse(section);
  if (!r.success) return { timings: new Map(), problem: firstIssue(r.error) };
  if (r.data.kernels !== kernels) {
    return { timings: new Map(), problem: 'the kernels have changed since they were measured' };
  }
  const entries = Object.entries(r.data.timings);
  if (entries.length > maxTimingsPerAdapter) {
    return { timings: new Map(), problem: `it holds more than ${maxTimingsPerAdapter} timings` };
  }
  return { timings: new Map(entries) };
}

/** What a store's load gives for one adapter's stored section: its timings, or a note why not. */
export function loadedSection(
  section: unknown,
  kernels: string,
  where: string,
): { timings: Map<string, Timing>; note?: string } {
  const { timings, problem } = adapterTimings(section, kernels);
  return problem
    ? { timings, note: `kernel timings in ${where} set aside (${problem}); measuring again` }
    : { timings };
}

/** A section to store: the newest `maxTimingsPerAdapter` timings (a Map keeps insertion order). */
export function adapterSection(
  kernels: string,
  timings: ReadonlyMap<string, Timing>,
): AdapterTimings {
  const entries = [...timings].slice(-maxTimingsPerAdapter);
  return { kernels, timings: Object.fromEntries(entries) };
}

/** The file with one adapter's section replaced, as the text to write. */
export function withAdapter(file: TimingsFile, adapter: string, section: AdapterTimings): string {
  const adapters = { ...file.adapters, [adapter]: section };
  // Keep the file bounded: the adapters written to most recently win.
  const names = Object.keys(adapters).filter((a) => a !== adapter);
  const kept = names.slice(Math.max(0, names.length - (maxAdapters - 1)));
  const out: TimingsFile = {
    ...file,
    adapters: Object.fromEntries([
      ...kept.map((a) => [a, adapters[a]!] as const),
      [adapter, section],
    ]),
  };
  return `${JSON.stringify(out, null, 1)}\n`;
}
