// The alarm the citizen must not miss: the log, an entry, or a presentation this wallet made failed a check. Says in
// plain words what failed, what it means and what to do, with the stable codes to quote in a report.
import { t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import type { LogAlarmCode } from '../../lib/log-verify.js';
import './log-alarm.css';

export interface LogAlarmProps {
  logCode: LogAlarmCode | null;
  failed: { eventId: string; agencyName: string; at: number | null; code: LogAlarmCode }[];
  missing: { id: string; agencyName: string; at: number }[];
}

export function LogAlarm({ logCode, failed, missing }: LogAlarmProps) {
  if (!logCode && !failed.length && !missing.length) return null;
  const codes = [...new Set([...(logCode ? [logCode] : []), ...failed.map((f) => f.code), ...(missing.length ? ['presentation_missing'] : [])])];
  const when = (ms: number) => dateWords(ms, 'dateTime');
  return (
    <div class="log-alarm" role="alert" data-alarm-codes={codes.join(' ')}>
      <p class="log-alarm__title">
        <span aria-hidden="true">⚠ </span>
        {t('activity.alarm.title')}
      </p>
      {logCode && (
        <p>
          {t(`activity.alarm.${logCode}`)} {t('activity.alarm.logUnchecked')}
        </p>
      )}
      {failed.length > 0 && (
        <>
          <p>{t('activity.alarm.events', { count: failed.length })}</p>
          <ul>
            {failed.map((f) => (
              <li key={f.eventId}>
                <strong>{f.at === null ? f.agencyName : t('activity.alarm.missingItem', { agency: f.agencyName, date: when(f.at) })}</strong>
                {' — '}
                {t(`activity.alarm.${f.code}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      {missing.length > 0 && (
        <>
          <p>{t('activity.alarm.missing')}</p>
          <ul>
            {missing.map((m) => (
              <li key={m.id}>{t('activity.alarm.missingItem', { agency: m.agencyName, date: when(m.at) })}</li>
            ))}
          </ul>
        </>
      )}
      <p>{t('activity.alarm.meaning')}</p>
      <p class="log-alarm__action">{t('activity.alarm.action')}</p>
      <details class="log-alarm__code" data-technical-details open>
        <summary>{t('common.technicalDetails')}</summary>
        <p>{t('common.technicalCode', { code: codes.join(', ') })}</p>
      </details>
    </div>
  );
}
