/**
 * A d2l block drawn from its own definition (the composite's `expand`): one box per child, rows
 * by depth from the input, a lane per parallel path, and every edge, so a Residual's identity
 * shortcut shows as the arrow around its convolutions.
 */
import { layerOf, type AnyComposite, type AnyPrimitive, type Params } from '../../graph/index.js';

const boxW = 150;
const boxH = 34;
const rowH = 52;
const laneW = 170;

interface Placed {
  name: string;
  kind: string;
  label: string;
  row: number;
  lane: number;
  inputs: string[];
}

function place(kind: string, params: Params): { boxes: Placed[]; output: string } {
  const { children, output } = (layerOf(kind) as AnyComposite).expand(params as never);
  const boxes = new Map<string, Placed>([
    ['input', { name: 'input', kind: 'Input', label: 'x', row: 0, lane: 0, inputs: [] }],
  ]);
  const taken = new Map<number, Set<number>>();
  for (const c of children) {
    const row = Math.max(...c.inputs.map((i) => boxes.get(i)!.row)) + 1;
    const used = taken.get(row) ?? new Set<number>();
    // A path keeps its lane while it can; a new path takes the next free one.
    let lane = boxes.get(c.inputs[0]!)!.lane;
    while (used.has(lane)) lane++;
    used.add(lane);
    taken.set(row, used);
    const child = layerOf(c.kind) as AnyPrimitive;
    const summary = child.summary(c.params as never);
    boxes.set(c.name, {
      name: c.name,
      kind: c.kind,
      label: summary ? `${c.kind} ${summary}` : c.kind,
      row,
      lane,
      inputs: c.inputs,
    });
  }
  return { boxes: [...boxes.values()], output };
}

export function BlockDiagram({
  kind,
  params,
  title,
}: {
  kind: string;
  params: Params;
  title: string;
}) {
  const { boxes, output } = place(kind, params);
  const byName = new Map(boxes.map((b) => [b.name, b]));
  const lanes = Math.max(...boxes.map((b) => b.lane)) + 1;
  const rows = Math.max(...boxes.map((b) => b.row)) + 1;
  // Room on the right for edges that go around the boxes, and their labels.
  const margin = 100;
  const x = (b: Placed) => 10 + b.lane * laneW;
  const y = (b: Placed) => 10 + b.row * rowH;
  const width = lanes * laneW + margin;
  const height = rows * rowH;
  return (
    <figure className="block-diagram" data-testid={`diagram-${kind}`}>
      <svg width={width} height={height} role="img" aria-label={title}>
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 8 8"
            refX="7"
            refY="4"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L8,4 L0,8 z" className="diagram-arrow" />
          </marker>
        </defs>
        {boxes.flatMap((b) =>
          b.inputs.map((from) => {
            const a = byName.get(from)!;
            const [x1, y1] = [x(a) + boxW / 2, y(a) + boxH];
            const [x2, y2] = [x(b) + boxW / 2, y(b)];
            // Across rows a straight line would cross boxes: of other lanes, or of its own.
            const long =
              b.row - a.row > 1 &&
              (a.lane !== b.lane ||
                boxes.some((o) => o.lane === a.lane && o.row > a.row && o.row < b.row));
            const right = x(b) + boxW;
            const middle = y2 + boxH / 2;
            // An edge that jumps rows goes around the boxes between: in its own lane as an arc on
            // the right, from another lane straight down that lane and in from the right.
            const d = !long
              ? `M${x1},${y1} C${x1},${y1 + 18} ${x2},${y2 - 18} ${x2},${y2}`
              : a.lane === b.lane
                ? `M${x1 + boxW / 2},${y1 - boxH / 2} C${x1 + boxW / 2 + 60},${y1} ${right + 60},${y2} ${right},${middle}`
                : `M${x1},${y1} L${x1},${middle} L${right},${middle}`;
            // The block's input added unchanged to its output: a residual shortcut.
            const identity = long && a.lane === b.lane && from === 'input' && b.kind === 'Add';
            return (
              <g key={`${from}-${b.name}`} data-testid={identity ? 'diagram-identity' : undefined}>
                <path
                  d={d}
                  className={`diagram-edge${identity ? ' identity' : ''}`}
                  markerEnd="url(#arrow)"
                />
                {identity && (
                  <text x={right + 50} y={(y1 + y2) / 2} className="diagram-label">
                    identity
                  </text>
                )}
              </g>
            );
          }),
        )}
        {boxes.map((b) => (
          <g key={b.name} transform={`translate(${x(b)},${y(b)})`}>
            <rect
              width={boxW}
              height={boxH}
              rx="5"
              className={`diagram-box${b.name === output ? ' output' : ''}${b.name === 'input' ? ' input' : ''}`}
            />
            <text x={boxW / 2} y={boxH / 2 + 4} textAnchor="middle" className="diagram-text">
              {b.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
