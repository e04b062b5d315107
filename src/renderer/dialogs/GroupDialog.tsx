import { useMemo, useState } from 'react';
import { groupIntoBlock } from '../store/groupBlock.js';
import { selectAnalysis } from '../store/analysis.js';
import { graphOf } from '../store/graphSlice.js';
import { useEditor } from '../store/store.js';
import { Dialog } from './Dialog.js';

/** The first of Block1, Block2, … that the graph does not use yet. */
function freeName(blocks: Record<string, unknown>): string {
  for (let n = 1; ; n++) if (!Object.hasOwn(blocks, `Block${n}`)) return `Block${n}`;
}

/** Names the block the selected layers become; says at once why they cannot be one. */
export function GroupDialog() {
  const state = useEditor((s) => s);
  const close = () => state.setUi({ groupOpen: false });
  const [name, setName] = useState(() => freeName(state.blocks));
  // A trial grouping checks the name and the selection as they are now.
  const problem = useMemo(() => {
    const ids = new Set(state.selectedNodes);
    const trial = groupIntoBlock(graphOf(state), selectAnalysis(state), ids, name, '_');
    return trial.ok ? null : trial.reason;
  }, [state, name]);
  const group = () => {
    if (problem === null && state.groupSelection(name).ok) close();
  };
  return (
    <Dialog title="Group into a block" onClose={close} testId="group-dialog">
      <form
        className="group-form"
        onSubmit={(e) => {
          e.preventDefault();
          group();
        }}
      >
        <p>
          The {state.selectedNodes.length} selected layers become one block node. The block appears
          under <em>My blocks</em> in the palette, ready to place again, and is saved in the file.
        </p>
        <div className="field">
          <label htmlFor="block-name">Block name</label>
          <input
            id="block-name"
            value={name}
            className={problem ? 'invalid' : ''}
            onChange={(e) => setName(e.target.value.trim())}
            data-testid="block-name"
          />
        </div>
        {problem && (
          <div className="problem-box error" data-testid="group-problem">
            {problem}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={problem !== null}>
            Group
          </button>
        </div>
      </form>
    </Dialog>
  );
}
