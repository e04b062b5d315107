import { useState } from 'react';
import { layerIn, type GraphNode } from '../../graph/index.js';
import { groupedCount, shapeText } from '../format.js';
import { problemsByNode, selectAnalysis } from '../store/analysis.js';
import { editorStore, useEditor } from '../store/store.js';
import { editorFields, imageSizes } from './editorFields.js';
import { windowFormula } from './formula.js';
import { ParamField } from './ParamField.js';
import { ReceptiveFieldMap } from './ReceptiveFieldMap.js';

export function Inspector() {
  const selected = useEditor((s) => s.selectedNodes);
  const node = useEditor((s) =>
    s.selectedNodes.length === 1 ? s.nodes.find((n) => n.id === s.selectedNodes[0]) : undefined,
  );
  if (!node) {
    return (
      <div className="panel-empty">
        {selected.length > 1 ? (
          <>
            <p>{selected.length} layers selected. Select one to edit its hyperparameters.</p>
            <button
              className="button"
              data-testid="group-selection"
              onClick={() => editorStore.getState().setUi({ groupOpen: true })}
            >
              Group into block… (Ctrl+G)
            </button>
          </>
        ) : (
          'Select a layer to edit its hyperparameters, or drag one in from the palette.'
        )}
      </div>
    );
  }
  // Keyed by node so that drafts typed for one layer never show on another.
  return <NodeInspector key={node.id} node={node} />;
}

function NodeInspector({ node }: { node: GraphNode }) {
  // Undefined only for a moment: undoing a grouping drops the block just before its node.
  const layer = useEditor((s) => layerIn(s, node.kind));
  const analysis = useEditor(selectAnalysis);
  const info = analysis.nodes.get(node.id);
  const problems = useEditor((s) => problemsByNode(selectAnalysis(s)).get(node.id));
  const setParams = useEditor((s) => s.setParams);
  const setUi = useEditor((s) => s.setUi);
  const op = info?.ops.length === 1 ? info.ops[0] : undefined;
  const formula = op && windowFormula(op);
  if (!layer) return null;

  return (
    <div className="inspector" data-testid="inspector">
      <header className="inspector-head">
        <h2>{layer.label}</h2>
        <code>{node.id}</code>
      </header>
      <p className="inspector-description">{layer.description}</p>
      <dl className="inspector-facts">
        <dt>Output</dt>
        <dd data-testid="inspector-shape">{shapeText(info?.shape)}</dd>
        <dt>Parameters</dt>
        <dd>{info ? groupedCount(info.paramCount) : '?'}</dd>
        <dt>MACs</dt>
        <dd>{info ? groupedCount(info.macs) : '?'}</dd>
        <dt>Receptive field</dt>
        <dd>{info ? `${info.rf.size[0]}×${info.rf.size[1]}` : '?'}</dd>
      </dl>
      {problems?.map((p, i) => (
        <div key={i} className={`problem-box ${p.severity}`}>
          {p.message}
        </div>
      ))}
      <form className="fields" onSubmit={(e) => e.preventDefault()}>
        {layer.category === 'My blocks' && <BlockName name={layer.kind} />}
        {editorFields(layer.fields).map((f) => (
          <div key={f.name}>
            <ParamField
              name={f.name}
              field={f.field}
              value={f.read(node.params, layer.defaults)}
              onCommit={(value) => setParams(node.id, f.write(node.params, value))}
            />
            {f.name === 'size' && (
              <div className="size-presets" role="group" aria-label="Common image sizes">
                {imageSizes.map((n) => (
                  <button
                    key={n}
                    type="button"
                    className="button"
                    onClick={() => setParams(node.id, f.write(node.params, [n, n]))}
                    data-testid={`size-${n}`}
                  >
                    {n}×{n}
                  </button>
                ))}
              </div>
            )}
          </div>
        ))}
      </form>
      {formula && (
        <section className="formula" data-testid="formula">
          <h3>Output size</h3>
          {formula.map((f) => (
            <div key={f.axis}>
              {f.axis}: {f.text} = <strong>{f.result}</strong>
            </div>
          ))}
        </section>
      )}
      {info?.shape.length === 3 && node.kind !== 'Input' && (
        <ReceptiveFieldMap analysis={analysis} op={info.ops.at(-1)!.name} />
      )}
      {layer.composite && (
        <button className="button" onClick={() => setUi({ expandedBlock: node.id })}>
          Show the layers inside
        </button>
      )}
    </div>
  );
}

/** Renames one of the user's blocks, and with it every layer that uses it. */
function BlockName({ name }: { name: string }) {
  const [draft, setDraft] = useState(name);
  const [problem, setProblem] = useState<string | null>(null);
  const uses = useEditor((s) => s.nodes.filter((n) => n.kind === name).length);
  const commit = () => {
    const result = editorStore.getState().renameBlock(name, draft.trim());
    setProblem(result.ok ? null : result.reason);
  };
  return (
    <div className="field">
      <label htmlFor="block-rename">
        Block name ({uses} {uses === 1 ? 'use' : 'uses'})
      </label>
      <input
        id="block-rename"
        data-testid="block-rename"
        value={draft}
        className={problem ? 'invalid' : ''}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(name);
            setProblem(null);
          }
        }}
      />
      {problem && <div className="field-error">{problem}</div>}
    </div>
  );
}
