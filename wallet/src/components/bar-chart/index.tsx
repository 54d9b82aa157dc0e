// A bar chart that is a table: one row per item with its label, a bar as wide as its share of the largest value (never
// thinner than a visible sliver) and the number as text. Suppressed counts are said in words, with no bar, so a
// screen reader and a sighted reader get the same facts from the same element. The table roles are also given
// explicitly: on a phone the rows are stacked with CSS, and some browsers drop a table's semantics when its display
// changes.
import { formatNumber, t } from '../../i18n/index.js';
import './bar-chart.css';

export interface Bar {
  label: string;
  /** null = suppressed (fewer than the threshold). */
  value: number | null;
}

/** The bar's CSS width: its share of the largest value, of the row's width less room for the number after it. */
function barWidth(value: number, max: number): string {
  const share = max <= 0 ? 0 : Math.round((value / max) * 1000) / 1000;
  return `calc((100% - 4.5rem) * ${share})`;
}

export function BarChart({ title, bars, suppressBelow }: { title: string; bars: Bar[]; suppressBelow: number }) {
  const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
  if (bars.length === 0) {
    return (
      <section class="bar-chart" aria-label={title}>
        <h2 class="bar-chart__title">{title}</h2>
        <p class="muted">{t('transparency.none')}</p>
      </section>
    );
  }
  return (
    <table class="bar-chart" role="table">
      <caption class="bar-chart__title">{title}</caption>
      <thead role="rowgroup">
        <tr role="row">
          <th scope="col" role="columnheader">{t('transparency.column.item')}</th>
          <th scope="col" role="columnheader">{t('transparency.column.count')}</th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        {bars.map((b) => (
          <tr key={b.label} role="row" data-suppressed={b.value === null ? '' : undefined}>
            <th scope="row" role="rowheader">{b.label}</th>
            <td role="cell">
              {b.value === null ? (
                <span class="bar-chart__suppressed">{t('transparency.suppressed', { n: suppressBelow })}</span>
              ) : (
                <span class="bar-chart__measure">
                  <span class="bar-chart__bar" aria-hidden="true" style={{ width: barWidth(b.value, max) }} />
                  <span class="bar-chart__value">{formatNumber(b.value)}</span>
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
