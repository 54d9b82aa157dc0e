// The transparency page's citizens' voice: average ratings per agency and purpose (only from five ratings, comments
// never shown) and the public list of breach reports with whether citizens were told within 3x24 hours.
import { useEffect, useState } from 'preact/hooks';
import type { TransparencyStats } from '../../../../shared/transparency/stats.js';
import { formatNumber, locale, t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import { api } from '../../lib/api.js';
import type { BreachAlert } from '../../state/inbox.js';

export function FeedbackTable({ stats }: { stats: TransparencyStats }) {
  const lang = locale.value;
  return (
    <section aria-labelledby="transparency-feedback">
      <h2 id="transparency-feedback">{t('transparency.feedback')}</h2>
      <p class="muted">{t('transparency.feedbackHelp', { n: stats.suppressBelow })}</p>
      {stats.feedback.length === 0 ? (
        <p>{t('transparency.feedbackNone')}</p>
      ) : (
        <table class="transparency-feedback">
          <thead>
            <tr>
              <th scope="col">{t('transparency.column.service')}</th>
              <th scope="col">{t('transparency.column.ratings')}</th>
              <th scope="col">{t('transparency.column.average')}</th>
            </tr>
          </thead>
          <tbody>
            {stats.feedback.map((f) => (
              <tr key={`${f.agencyId}/${f.purposeCode ?? ''}`} data-agency={f.agencyId}>
                <th scope="row">
                  {f.name}
                  {f.description ? ` — ${f.description[lang]}` : f.purposeCode ? '' : ` — ${t('transparency.feedbackGeneral')}`}
                </th>
                <td>{f.count === null ? t('transparency.suppressed', { n: stats.suppressBelow }) : formatNumber(f.count)}</td>
                <td class="transparency-feedback__average">{f.average === null ? t('transparency.feedbackHidden') : t('transparency.averageOf5', { average: f.average.toLocaleString(lang === 'id' ? 'id-ID' : 'en-GB') })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function BreachList() {
  const [breaches, setBreaches] = useState<BreachAlert[] | null>(null);
  useEffect(() => {
    api<{ breaches: BreachAlert[] }>('/v1/breaches').then(
      (b) => setBreaches(b.breaches),
      () => setBreaches(null),
    );
  }, []);
  if (breaches === null) return null;
  return (
    <section aria-labelledby="transparency-breaches">
      <h2 id="transparency-breaches">{t('transparency.breaches')}</h2>
      {breaches.length === 0 ? (
        <p>{t('transparency.breachesNone')}</p>
      ) : (
        <ul class="transparency-breaches">
          {breaches.map((b) => (
            <li key={b.id} data-breach-id={b.id}>
              <h3>{t('inbox.breach.title', { agency: b.agency.name })}</h3>
              <p>{b.whatHappened}</p>
              <p>{t(b.late ? 'inbox.breach.late' : 'inbox.breach.onTime', { discovered: dateWords(b.discoveredAt, 'longDateTime'), due: dateWords(b.noticeDueAt, 'longDateTime'), told: dateWords(b.notifiedAt, 'longDateTime') })}</p>
              <p class="muted">{b.affectedCount === null ? t('transparency.breachFew', { n: 5 }) : t('transparency.breachAffected', { count: formatNumber(b.affectedCount) })}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
