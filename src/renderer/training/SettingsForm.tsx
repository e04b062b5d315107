import { useState } from 'react';
import { datasetFromIdx } from '../../runtime-gpu/data/dataset.js';
import { augmentForms } from '../../training/augmentSpec.js';
import { learningRateWarning } from '../../training/guards.js';
import { scheduleForms } from '../../training/schedule.js';
import { settingAllows, type SettingKey } from '../../training/settings.js';
import { editorStore, useEditor } from '../store/store.js';
import { trainingController } from './controller.js';
import { assignIdxFiles, builtinDatasets, classCount, type DatasetInfo } from './datasets.js';
import { decodeImages, imageSize, planFolder } from './imageFolder.js';
import type { TrainForm } from './trainingSlice.js';

type NumberKey =
  'epochs' | 'batch' | 'lr' | 'momentum' | 'weightDecay' | 'seed' | 'warmup' | 'val' | 'earlyStop';

/** A number input that keeps what is typed and stores it only when it is valid. */
function NumberField(props: {
  id: string;
  label: string;
  value: number | null;
  valid: (n: number) => boolean;
  onValue: (n: number | null) => void;
  optional?: boolean;
  disabled: boolean;
}) {
  const [text, setText] = useState(props.value === null ? '' : String(props.value));
  // A value set from elsewhere (a recipe) replaces what was typed (React's "adjusting state
  // when a prop changes": during render, not in an effect).
  const [shown, setShown] = useState(props.value);
  if (props.value !== shown) {
    setShown(props.value);
    if (props.value === null ? text.trim() !== '' : Number(text) !== props.value) {
      setText(props.value === null ? '' : String(props.value));
    }
  }
  const n = Number(text);
  const ok = (props.optional && text.trim() === '') || (text.trim() !== '' && props.valid(n));
  return (
    <label className="train-field">
      <span>{props.label}</span>
      <input
        data-testid={`train-${props.id}`}
        inputMode="decimal"
        value={text}
        placeholder={props.optional ? 'all' : undefined}
        disabled={props.disabled}
        aria-invalid={!ok}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const v = Number(t);
          if (props.optional && t.trim() === '') props.onValue(null);
          else if (t.trim() !== '' && props.valid(v)) props.onValue(v);
        }}
      />
    </label>
  );
}

/** A text setting (schedule, augmentation) stored only when the settings schema accepts it. */
function TextField(props: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  title: string;
  valid: (t: string) => boolean;
  onValue: (t: string) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState(props.value);
  const [shown, setShown] = useState(props.value);
  if (props.value !== shown) {
    setShown(props.value);
    setText(props.value);
  }
  return (
    <label className="train-field wide" title={props.title}>
      <span>{props.label}</span>
      <input
        data-testid={`train-${props.id}`}
        value={text}
        placeholder={props.placeholder}
        disabled={props.disabled}
        aria-invalid={!props.valid(text)}
        onChange={(e) => {
          setText(e.target.value);
          if (props.valid(e.target.value)) props.onValue(e.target.value);
        }}
      />
    </label>
  );
}

/** Each field accepts what the training session's settings schema accepts. */
const allows = (key: SettingKey) => (n: number) => settingAllows(key, n);

/** Reads four picked IDX files into a dataset the worker can take. */
async function importIdx(files: File[]) {
  const roles = assignIdxFiles(files.map((f) => f.name));
  if (!roles) {
    throw new Error(
      'pick the four IDX files: train-images, train-labels, t10k-images and t10k-labels (plain or .gz)',
    );
  }
  const read = (i: number) => files[i]!.arrayBuffer();
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    read(roles.trainImages),
    read(roles.trainLabels),
    read(roles.testImages),
    read(roles.testLabels),
  ]);
  const name = files[roles.trainImages]!.name.replace(/[-.]?train.*$/i, '') || 'Imported IDX';
  const bytes = (b: ArrayBuffer) => new Uint8Array(b.slice(0));
  const train = await datasetFromIdx(bytes(trainImages), bytes(trainLabels), {
    images: files[roles.trainImages]!.name,
    labels: files[roles.trainLabels]!.name,
  });
  const test = await datasetFromIdx(bytes(testImages), bytes(testLabels), {
    images: files[roles.testImages]!.name,
    labels: files[roles.testLabels]!.name,
  });
  const classes = classCount(train.labels, test.labels);
  const info: DatasetInfo = {
    name,
    ...train.shape,
    classes,
    classNames: Array.from({ length: classes }, (_, i) => String(i)),
    trainCount: train.count,
    testCount: test.count,
  };
  return {
    info,
    source: { kind: 'idx' as const, name, trainImages, trainLabels, testImages, testLabels },
  };
}

/** Decodes a picked folder of class sub-folders, with as many channels as the network takes. */
async function importFolder(files: File[], channels: 1 | 3) {
  const plan = planFolder(files.map((f) => f.webkitRelativePath || f.name));
  const first = files[plan.entries[0]!.file]!;
  const { height, width } = await imageSize(first);
  const part = async (split: 'train' | 'test') => {
    const entries = plan.entries.filter((e) => e.split === split);
    const pixels = await decodeImages(
      entries.map((e) => files[e.file]!),
      channels,
      height,
      width,
    );
    return {
      images: pixels.buffer as ArrayBuffer,
      labels: Uint8Array.from(entries, (e) => e.label),
    };
  };
  const train = await part('train');
  const test = await part('test');
  const name = first.webkitRelativePath.split('/')[0] || 'Image folder';
  const info: DatasetInfo = {
    name,
    channels,
    height,
    width,
    classes: plan.classes.length,
    classNames: plan.classes,
    trainCount: train.labels.length,
    testCount: test.labels.length,
  };
  return {
    info,
    source: {
      kind: 'images' as const,
      name,
      channels,
      height,
      width,
      trainImages: train.images,
      trainLabels: train.labels.buffer as ArrayBuffer,
      testImages: test.images,
      testLabels: test.labels.buffer as ArrayBuffer,
    },
  };
}

/** Dataset and hyperparameters of the next run. */
export function SettingsForm({ disabled }: { disabled: boolean }) {
  const form = useEditor((s) => s.training.form);
  const imported = useEditor((s) => s.training.imported);
  const gpuReady = useEditor((s) => s.training.gpu.status === 'ready');
  const setTraining = useEditor((s) => s.setTraining);
  const [importError, setImportError] = useState<string | null>(null);
  const inputChannels = useEditor((s) => s.nodes.find((n) => n.kind === 'Input')?.params.channels);
  const loadImported = (load: Promise<NonNullable<typeof imported>>) => {
    setImportError(null);
    load.then(
      (d) => {
        setTraining({ imported: d });
        set({ dataset: 'imported' });
      },
      (err: Error) => setImportError(err.message),
    );
  };
  const set = (patch: Partial<TrainForm>) =>
    setTraining({ form: { ...editorStore.getState().training.form, ...patch } });
  const number = (key: NumberKey, label: string) => (
    <NumberField
      id={key}
      label={label}
      value={form[key]}
      valid={allows(key)}
      disabled={disabled}
      onValue={(v) => v !== null && set({ [key]: v })}
    />
  );
  const lrWarning = learningRateWarning(form);
  return (
    <div className="training-form">
      <label className="train-field wide">
        <span>Dataset</span>
        <select
          data-testid="train-dataset"
          value={form.dataset}
          disabled={disabled}
          onChange={(e) => set({ dataset: e.target.value as TrainForm['dataset'] })}
        >
          {Object.entries(builtinDatasets).map(([id, d]) => (
            <option key={id} value={id}>
              {d.name} ({d.trainCount.toLocaleString('en-US')} /{' '}
              {d.testCount.toLocaleString('en-US')})
            </option>
          ))}
          {imported && <option value="imported">{imported.info.name} (imported)</option>}
        </select>
      </label>
      <label className="train-field wide import">
        <span>Import IDX files…</span>
        <input
          type="file"
          multiple
          disabled={disabled}
          data-testid="train-import-idx"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            loadImported(importIdx(files));
          }}
        />
      </label>
      <label className="train-field wide import">
        <span>Import a folder of class sub-folders (PNG/JPEG)…</span>
        <input
          type="file"
          // Not in React's types: the browser's folder picker.
          {...{ webkitdirectory: '' }}
          disabled={disabled}
          data-testid="train-import-folder"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            loadImported(importFolder(files, inputChannels === 1 ? 1 : 3));
          }}
        />
      </label>
      {importError && (
        <p className="training-message error" role="alert">
          {importError}
        </p>
      )}
      {number('epochs', 'Epochs')}
      {number('batch', 'Batch size')}
      <label className="train-field">
        <span>Optimizer</span>
        <select
          data-testid="train-optimizer"
          value={form.optimizer}
          disabled={disabled}
          onChange={(e) => set({ optimizer: e.target.value as TrainForm['optimizer'] })}
        >
          <option value="sgd">SGD</option>
          <option value="adam">Adam</option>
        </select>
      </label>
      {number('lr', 'Learning rate')}
      {lrWarning && (
        <p className="training-message warning" data-testid="train-lr-warning">
          {lrWarning}
        </p>
      )}
      {form.optimizer === 'sgd' && number('momentum', 'Momentum')}
      {number('weightDecay', 'Weight decay')}
      {number('seed', 'Seed')}
      <label className="train-field">
        <span>Initial weights</span>
        <select
          data-testid="train-init"
          value={form.init}
          disabled={disabled}
          title="Xavier is d2l's init_cnn; PyTorch's default is each layer's own"
          onChange={(e) => set({ init: e.target.value as TrainForm['init'] })}
        >
          <option value="xavier">Xavier (d2l)</option>
          <option value="default">PyTorch default</option>
        </select>
      </label>
      <TextField
        id="schedule"
        label="Learning-rate schedule"
        value={form.schedule}
        placeholder="constant"
        title={`The rate per step: ${scheduleForms}`}
        valid={(t) => settingAllows('schedule', t)}
        disabled={disabled}
        onValue={(t) => set({ schedule: t, ...(t === 'cosine' ? {} : { warmup: 0 }) })}
      />
      {form.schedule === 'cosine' && number('warmup', 'Warmup epochs')}
      <TextField
        id="augment"
        label="Augmentation"
        value={form.augment}
        placeholder="none"
        title={`On the GPU, for every training batch: ${augmentForms}`}
        valid={(t) => settingAllows('augment', t)}
        disabled={disabled}
        onValue={(t) => set({ augment: t })}
      />
      {form.augment !== '' && (
        <button
          type="button"
          className="train-field"
          disabled={disabled || !gpuReady}
          data-testid="train-preview-augment"
          title="Show the first training samples as this augmentation makes them"
          onClick={() => trainingController.previewAugment()}
        >
          Preview augmentation
        </button>
      )}
      <NumberField
        id="val"
        label="Validation fraction"
        value={form.val}
        valid={allows('val')}
        disabled={disabled}
        // Early stopping and keep-best watch the validation loss: without a split, neither.
        onValue={(v) =>
          v !== null && set({ val: v, ...(v === 0 ? { earlyStop: 0, keepBest: false } : {}) })
        }
      />
      {form.val > 0 && number('earlyStop', 'Early stop after (epochs)')}
      {form.val > 0 && (
        <label className="check">
          <input
            type="checkbox"
            data-testid="train-keep-best"
            checked={form.keepBest}
            disabled={disabled}
            onChange={(e) => set({ keepBest: e.target.checked })}
          />
          keep the best epoch
        </label>
      )}
      <NumberField
        id="train-samples"
        label="Training samples"
        value={form.trainSamples}
        valid={allows('trainSamples')}
        optional
        disabled={disabled}
        onValue={(v) => set({ trainSamples: v })}
      />
      <NumberField
        id="test-samples"
        label="Test samples"
        value={form.testSamples}
        valid={allows('testSamples')}
        optional
        disabled={disabled}
        onValue={(v) => set({ testSamples: v })}
      />
    </div>
  );
}
