// A small accessible bar chart in SVG (no chart library: a few rectangles), with the numbers also in a table so
// screen readers and people who prefer text get the same facts.
import { formatNumber, t } from '../../i18n/index.js';
import './bar-chart.css';

export interface Bar {
  label: string;
  /** null = suppressed (fewer than the threshold). */
  value: number | null;
}

export function BarChart({ title, bars, suppressBelow }: { title: string; bars: Bar[]; suppressBelow: number }) {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const rowHeight = 22;
  const height = bars.length * rowHeight;
  const shown = (b: Bar) => (b.value === null ? t('transparency.suppressed', { n: suppressBelow }) : formatNumber(b.value));
  return (
    <figure class="bar-chart">
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p class="muted">{t('transparency.none')}</p>
      ) : (
        <>
          <svg class="bar-chart__svg" viewBox={`0 0 100 ${height}`} height={height} preserveAspectRatio="none" aria-hidden="true" focusable="false">
            {bars.map((b, i) => (
              <rect
                key={b.label}
                x="0"
                y={i * rowHeight + 4}
                width={b.value === null ? 1 : Math.max(1, (b.value / max) * 100)}
                height={rowHeight - 8}
                class={b.value === null ? 'bar-chart__bar bar-chart__bar--suppressed' : 'bar-chart__bar'}
              />
            ))}
          </svg>
          <table class="bar-chart__table">
            <thead>
              <tr>
                <th scope="col">{t('transparency.column.item')}</th>
                <th scope="col">{t('transparency.column.count')}</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((b) => (
                <tr key={b.label}>
                  <th scope="row">{b.label}</th>
                  <td>{shown(b)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
