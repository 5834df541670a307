// Chart.js 4 behind one component: registers only what the app draws (tree-shaken), destroys the
// chart with the component, and always renders the same figures as a table for screen readers and
// keyboard users (a canvas alone is not accessible). `onPoint` gives drill-down on click.
import { useEffect, useRef } from 'preact/hooks';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/** Colours with at least 4.5:1 contrast on white (WCAG AA for text, more than the 3:1 graphics need). */
export const SERIES_COLOURS = ['#1f5fa8', '#b3261e', '#2e7d32', '#6a3d9a', '#8a5a00'];

export interface Series {
  label: string;
  values: ReadonlyArray<number | null>;
}

export function ChartView(props: {
  title: string;
  kind: 'line' | 'bar';
  labels: readonly string[];
  series: readonly Series[];
  /** Axis maximum (100 for percentages and scores). */
  max?: number;
  onPoint?(index: number): void;
  testId?: string;
  horizontal?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const config: ChartConfiguration = {
      type: props.kind,
      data: {
        labels: [...props.labels],
        datasets: props.series.map((s, i) => ({
          label: s.label,
          data: [...s.values],
          borderColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          backgroundColor: SERIES_COLOURS[i % SERIES_COLOURS.length],
          spanGaps: true,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: props.horizontal ? 'y' : 'x',
        scales: {
          [props.horizontal ? 'x' : 'y']: {
            beginAtZero: true,
            ...(props.max !== undefined ? { max: props.max } : {}),
          },
        },
        onClick: (_e, elements) => {
          const first = elements[0];
          if (first && props.onPoint) props.onPoint(first.index);
        },
      },
    };
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [props.kind, props.labels, props.series, props.max, props.horizontal]);
  return (
    <figure class="chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <div class="chart-canvas">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${props.title}: chart; the same figures are in the table below`}
        />
      </div>
      <details class="chart-data">
        <summary>Show the figures</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Point</th>
                {props.series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((l, i) => (
                <tr key={l}>
                  <th scope="row">
                    {props.onPoint ? (
                      <button type="button" class="link" onClick={() => props.onPoint!(i)}>
                        {l}
                      </button>
                    ) : (
                      l
                    )}
                  </th>
                  {props.series.map((s) => (
                    <td key={s.label} class="num">
                      {s.values[i] === null || s.values[i] === undefined ? '—' : String(s.values[i])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
