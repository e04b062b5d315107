import {
  adapterSection,
  configureKernels,
  loadedSection,
  type TuneStore,
} from '../runtime-gpu/index.js';

/**
 * The app's kernel timings: one IndexedDB record per adapter (the browser keeps it per origin,
 * in the app's profile), validated on reading like the CLI's file, so a record from other
 * kernels or a damaged one is set aside with a note and measured again.
 */
const dbName = 'cnn-studio-kernels';
const table = 'timings';

function done<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error ?? new Error('IndexedDB refused'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const r = factory.open(dbName, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(table);
  return done(r);
}

export function indexedDbStore(factory: IDBFactory): TuneStore {
  let db: Promise<IDBDatabase> | undefined;
  const database = () => (db ??= open(factory));
  const where = `this browser's IndexedDB (${dbName})`;
  return {
    where,
    async load(adapter, kernels) {
      const d = await database();
      const section: unknown = await done(d.transaction(table).objectStore(table).get(adapter));
      return loadedSection(section, kernels, where);
    },
    async save(adapter, kernels, timings) {
      const tx = (await database()).transaction(table, 'readwrite');
      tx.objectStore(table).put(adapterSection(kernels, timings), adapter);
      await new Promise<void>((ok, fail) => {
        tx.oncomplete = () => ok();
        tx.onerror = tx.onabort = () => fail(tx.error ?? new Error('IndexedDB refused'));
      });
    },
  };
}

/** Keeps this device's kernel timings in IndexedDB, where the page or worker has it. */
export function keepTimingsInBrowser(device: GPUDevice): void {
  if (typeof indexedDB === 'undefined') return;
  configureKernels(device, {
    store: indexedDbStore(indexedDB),
    note: (line) => console.info(`CNN Studio: ${line}`),
  });
}
