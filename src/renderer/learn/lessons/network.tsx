/**
 * The chapter's networks: what each introduced, its layers as the app's template has them
 * (shapes and parameters from src/graph's analysis), its blocks drawn from their definitions,
 * and one click to open it on the canvas and train it with the chapter's recipe.
 */
import { useState } from 'react';
import { analyze, layerOf, template, type Params } from '../../../graph/index.js';
import { loadTemplate } from '../../files/documentActions.js';
import { editorStore } from '../../store/store.js';
import { BlockDiagram } from '../BlockDiagram.js';

/** How the chapter trains it: Adam, on Fashion-MNIST (resized to the network's input). */
export interface Recipe {
  lr: number;
  batch: number;
  epochs: number;
}

export interface NetworkInfo {
  template: string;
  argument: string[];
  recipe: Recipe;
  /** Blocks to draw: a template node's kind and params, with a caption. */
  blocks?: { node: string; title: string }[];
  /** Extra blocks that are not in the template as given (ResNet's block without the 1×1 conv). */
  extraBlocks?: { kind: string; params: Params; title: string }[];
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** Loads the network on the canvas (asking first if the open graph is unsaved). */
async function open(info: NetworkInfo, train: boolean) {
  if (!(await loadTemplate(info.template))) return;
  const s = editorStore.getState();
  if (train) {
    s.setTraining({
      form: {
        ...s.training.form,
        optimizer: 'adam',
        lr: info.recipe.lr,
        batch: info.recipe.batch,
        epochs: info.recipe.epochs,
        // The chapter keeps PyTorch's own initialisation (it has no init_cnn).
        init: 'default',
      },
    });
  }
  s.setUi({ tab: train ? 'training' : 'summary' });
  window.location.hash = '#/';
}

export function NetworkLesson({ info }: { info: NetworkInfo }) {
  const graph = template(info.template)!;
  const analysis = analyze(graph);
  const [busy, setBusy] = useState(false);
  const input = analysis.nodes.get(analysis.inputId!)!.shape;
  const go = (train: boolean) => {
    setBusy(true);
    void open(info, train).finally(() => setBusy(false));
  };
  const nodes = graph.nodes.filter((n) => n.kind !== 'Input');
  return (
    <div className="network-lesson">
      {info.argument.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      <div className="network-actions">
        <button data-testid="open-network" disabled={busy} onClick={() => go(false)}>
          Open on the canvas
        </button>
        <button
          className="primary"
          data-testid="train-network"
          disabled={busy}
          onClick={() => go(true)}
        >
          Open and train it
        </button>
        <span className="lab-note">
          The chapter trains it with Adam, lr {info.recipe.lr}, batch {info.recipe.batch},{' '}
          {info.recipe.epochs} epochs on Fashion-MNIST
          {input[1] !== 28 ? ` resized to ${input[1]}×${input[2]}` : ''}; “Open and train it” sets
          these.
        </span>
      </div>
      <div className="network-body">
        <table className="network-layers" data-testid="network-layers">
          <thead>
            <tr>
              <th>layer</th>
              <th>kind</th>
              <th>output</th>
              <th>params</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>input</td>
              <td>Input</td>
              <td>{input.join('×')}</td>
              <td />
            </tr>
            {nodes.map((n) => {
              const info = analysis.nodes.get(n.id)!;
              const summary = layerOf(n.kind).summary(n.params as never);
              return (
                <tr key={n.id}>
                  <td>{n.id}</td>
                  <td>
                    {n.kind}
                    {summary ? ` ${summary}` : ''}
                  </td>
                  <td>{info.shape.join('×')}</td>
                  <td>{info.paramCount > 0 ? thousands(info.paramCount) : ''}</td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={3}>Total</td>
              <td data-testid="network-params">{thousands(analysis.totals.paramCount)}</td>
            </tr>
          </tfoot>
        </table>
        <div className="network-diagrams">
          {(info.blocks ?? []).map((b) => {
            const node = graph.nodes.find((n) => n.id === b.node)!;
            return (
              <BlockDiagram key={b.node} kind={node.kind} params={node.params} title={b.title} />
            );
          })}
          {(info.extraBlocks ?? []).map((b) => (
            <BlockDiagram key={b.title} kind={b.kind} params={b.params} title={b.title} />
          ))}
        </div>
      </div>
    </div>
  );
}
