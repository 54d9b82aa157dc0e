// The public transparency page (no sign-in): the log's current checkpoint and size, and how many times each agency
// used citizens' data, for which purpose and on which day — aggregates only, small counts hidden.
import { useEffect, useState } from 'preact/hooks';
import type { TransparencyStats as Stats } from '../../../../shared/transparency/stats.js';
import { BarChart } from '../../components/bar-chart/index.js';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { formatDate, formatNumber, locale, t } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { BreachList, FeedbackTable } from './voice.js';

export default function Transparency() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Stats>('/v1/transparency').then(setStats, setError);
  }, []);
  const names = new Map((stats?.byAgency ?? []).map((a) => [a.agencyId, a.name]));
  return (
    <section class="card" aria-labelledby="transparency-title">
      <h1 id="transparency-title">{t('transparency.title')}</h1>
      <p>{t('transparency.lead')}</p>
      <ErrorNotice error={error} />
      {!stats && !error && <p role="status">{t('transparency.loading')}</p>}
      {stats && (
        <>
          <dl class="facts">
            <dt>{t('transparency.logSize')}</dt>
            <dd>{formatNumber(stats.log.size)}</dd>
            <dt>{t('transparency.generated')}</dt>
            <dd>{formatDate(new Date(stats.generatedAt), { dateStyle: 'medium', timeStyle: 'short' })}</dd>
          </dl>
          <p class="muted">{t('transparency.window', { days: stats.windowDays, n: stats.suppressBelow })}</p>
          <BarChart
            title={t('transparency.byAgency')}
            suppressBelow={stats.suppressBelow}
            bars={stats.byAgency.map((a) => ({ label: a.name, value: a.count }))}
          />
          <BarChart
            title={t('transparency.byPurpose')}
            suppressBelow={stats.suppressBelow}
            bars={stats.byPurpose.map((p) => ({
              label: `${p.description ? p.description[locale.value] : t('transparency.unregisteredPurpose')} — ${names.get(p.agencyId) ?? p.agencyId}`,
              value: p.count,
            }))}
          />
          <BarChart
            title={t('transparency.byDay')}
            suppressBelow={stats.suppressBelow}
            bars={stats.byDay.map((d) => ({ label: formatDate(new Date(`${d.day}T00:00:00Z`), { dateStyle: 'medium', timeZone: 'UTC' }), value: d.count }))}
          />
          <FeedbackTable stats={stats} />
          <BreachList />
          <details data-technical-details>
            <summary>{t('transparency.checkpoint')}</summary>
            <p class="muted">{t('transparency.checkpointHelp')}</p>
            <pre class="checkpoint">{stats.log.checkpoint}</pre>
          </details>
        </>
      )}
    </section>
  );
}
