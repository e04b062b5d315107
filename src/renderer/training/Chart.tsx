import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface Series {
  label: string;
  color: string;
  width?: number;
  dash?: number[];
  /** Draw points (for short per-epoch series). */
  points?: boolean;
}

interface Props {
  title: string;
  xLabel: string;
  series: Series[];
  /** uPlot's aligned data: x values, then one array per series (null = gap). */
  data: uPlot.AlignedData;
  yRange?: [number, number];
  testId: string;
}

const height = 150;
/** Steps and epochs are whole numbers: no tick at 2.5. */
const wholeSteps = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7,
];

/**
 * One uPlot chart, made once per set of series and fed new data in place (setData), so curves
 * redraw at message rate without React re-creating the canvas.
 */
export function Chart({ title, xLabel, series, data, yRange, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = JSON.stringify([series, yRange, xLabel]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const spec = JSON.parse(shape) as [Series[], [number, number] | undefined, string];
    const style = getComputedStyle(el);
    const text = style.getPropertyValue('--muted').trim() || '#666';
    const grid = style.getPropertyValue('--border').trim() || '#ddd';
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const u = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height,
        legend: { show: true, live: false },
        cursor: { drag: { x: true, y: false } },
        scales: {
          x: { time: false },
          y: spec[1] ? { range: spec[1] } : {},
        },
        axes: [
          { ...axis, label: spec[2], labelSize: 14, size: 34, incrs: wholeSteps },
          { ...axis, size: 52 },
        ],
        series: [
          {},
          ...spec[0].map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.width ?? 1.5,
            ...(s.dash ? { dash: s.dash } : {}),
            points: { show: s.points ?? false },
            spanGaps: true,
          })),
        ],
      },
      undefined,
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() =>
      u.setSize({ width: Math.max(200, el.clientWidth), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape]);

  // Declared after the effect that makes the chart, so a new chart gets the data too.
  useEffect(() => {
    plot.current?.setData(data);
  }, [data, shape]);

  return (
    <figure className="training-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
