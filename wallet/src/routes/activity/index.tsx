// "Siapa yang memakai data saya / Who used my data": every access to the citizen's data, newest first, grouped and
// filtered by agency and purpose, each entry checked by the wallet itself against the public log, with an alarm when
// a check fails or a presentation this wallet made is missing from the log.
import { useEffect, useState } from 'preact/hooks';
import type { AccessEventBody } from '../../../../shared/merkle/event.js';
import { AccessEvent, purposeText } from '../../components/access-event/index.js';
import { FeedbackForm } from '../../components/feedback-form/index.js';
import { feedbackByEvent, loadOwnFeedback } from '../../state/feedback.js';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { LogAlarm } from '../../components/log-alarm/index.js';
import { locale, t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import { loadServiceConsents, serviceConsents } from '../../state/consent-control.js';
import { dataItemLabel, loadRegistryLabels } from '../../lib/claim-labels.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import {
  activity,
  activityError,
  activityStatus,
  agencyFilter,
  agencyOptions,
  cachedAt,
  checkedSize,
  consents,
  failedEvents,
  groupBy,
  loadActivity,
  loadMore,
  logAlarm,
  missing,
  nextBefore,
  origins,
  presentationRecords,
  purposeFilter,
  purposeKey,
  purposeOptions,
  resetFilters,
  visible,
  type ActivityEvent,
  type FilterOption,
  type GroupBy,
} from '../../state/activity.js';
import { credentials } from '../../state/wallet.js';
import './activity.css';

interface Group {
  key: string;
  label: string;
  items: ActivityEvent[];
}

function groupKey(item: ActivityEvent, by: GroupBy): string {
  const body = item.body;
  if (by === 'agency') return body?.agency.id ?? '';
  if (by === 'purpose') return body ? purposeKey(body) : '';
  return body ? new Date(body.occurredAt * 1000).toDateString() : '';
}

function groupLabel(body: AccessEventBody | null, by: GroupBy): string {
  if (!body) return t('activity.unreadable');
  if (by === 'agency') return body.agency.name;
  if (by === 'purpose') return `${purposeText(body)} — ${body.agency.name}`;
  return dateWords(body.occurredAt * 1000, 'fullDate');
}

/** Groups in the order of their newest entry (the list is already newest first). */
function groupItems(items: ActivityEvent[], by: GroupBy): Group[] {
  const groups = new Map<string, Group>();
  for (const item of items) {
    const key = groupKey(item, by);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, label: groupLabel(item.body, by), items: [] }));
    group.items.push(item);
  }
  return [...groups.values()];
}

function optionLabel(option: FilterOption): string {
  return typeof option.label === 'string' ? option.label : option.label[locale.value];
}

function Filters() {
  const select = (id: string, label: string, value: string, options: { value: string; label: string }[], onChange: (v: string) => void) => (
    <div class="activity-filters__field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const all = { value: '', label: t('activity.filter.all') };
  const [openAtStart] = useState(() => Boolean(agencyFilter.value || purposeFilter.value));
  return (
    // Folded so the first entry stays above the fold on a phone; open on arrival when a filter is already set.
    <details class="activity-filters" open={openAtStart || undefined}>
      <summary>{t('activity.filters')}</summary>
      {select('activity-agency', t('activity.filter.agency'), agencyFilter.value, [all, ...agencyOptions.value.map((o) => ({ value: o.value, label: optionLabel(o) }))], (v) => {
        agencyFilter.value = v;
        if (v && !purposeFilter.value.startsWith(`${v}/`)) purposeFilter.value = '';
      })}
      {select('activity-purpose', t('activity.filter.purpose'), purposeFilter.value, [all, ...purposeOptions.value.map((o) => ({ value: o.value, label: optionLabel(o) }))], (v) => {
        purposeFilter.value = v;
      })}
      {select(
        'activity-group',
        t('activity.groupBy'),
        groupBy.value,
        (['day', 'agency', 'purpose'] as const).map((g) => ({ value: g, label: t(`activity.groupBy.${g}`) })),
        (v) => {
          groupBy.value = v as GroupBy;
        },
      )}
      {(agencyFilter.value || purposeFilter.value) && (
        <button type="button" class="link-button" onClick={resetFilters}>
          {t('activity.filter.reset')}
        </button>
      )}
    </details>
  );
}

/** Interactions with a service the citizen can rate (their own requests and consent changes are not). */
const RATEABLE = new Set(['presentation_shared', 'direct_verification', 'backoffice_access', 'rights_request_answered']);

function EntryFeedback({ eventId, body }: { eventId: string; body: AccessEventBody }) {
  const given = feedbackByEvent.value.get(eventId);
  return (
    <div class="access-event__feedback">
      {given ? (
        <p class="feedback-form__thanks">{given.rating ? t('feedback.given', { rating: given.rating }) : t('feedback.thanks')}</p>
      ) : RATEABLE.has(body.kind) && (
        <details>
          <summary>{t('feedback.open')}</summary>
          <FeedbackForm eventId={eventId} agencyId={body.agency.id} agencyName={body.agency.name} idPrefix={`fb-${eventId}`} />
        </details>
      )}
      <a href={`/agencies/${encodeURIComponent(body.agency.id)}`}>{t('feedback.agencyPage', { agency: body.agency.name })}</a>
    </div>
  );
}

export default function Activity() {
  const { state, error } = useWallet();
  const isOnline = online.value;
  // Every visit to the screen fetches and checks afresh (offline: the copy kept in the vault).
  useEffect(() => {
    if (state !== 'ready') return;
    void loadRegistryLabels();
    void loadActivity();
    // The consent's real state: the service's view when online, else what the loaded log shows.
    if (isOnline) void loadServiceConsents();
    if (isOnline) void loadOwnFeedback();
  }, [state]);
  // Back online while showing the offline copy: fetch and check again.
  useEffect(() => {
    if (state === 'ready' && isOnline && cachedAt.peek() !== null) void loadActivity();
  }, [isOnline]);

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;

  const items = activity.value;
  const status = activityStatus.value;
  const shown = visible.value;
  const records = presentationRecords.value;
  const held = credentials.value;
  const lang = locale.value;
  const label = (name: string) => dataItemLabel(name, held, lang);
  const fromService = new Map((serviceConsents.value ?? []).map((c) => [c.id, c.state] as const));
  const consentState = (id: string | undefined) => (id ? (fromService.get(id) ?? consents.value.get(id)) : undefined);
  const recordFor = (item: ActivityEvent) =>
    records.find((r) => (r.receipt ? r.receipt.eventId === item.event.eventId : item.body?.requestId !== undefined && r.requestId === item.body.requestId))?.id;

  return (
    <section aria-labelledby="activity-title" class="activity">
      <h1 id="activity-title">{t('activity.title')}</h1>
      <p class="muted">{t('activity.lead')}</p>
      {state === 'locked' ? (
        <UnlockCard message="activity.locked" />
      ) : (
        <>
          <LogAlarm
            logCode={logAlarm.value}
            failed={failedEvents.value.map((f) => ({
              eventId: f.event.eventId,
              agencyName: f.body?.agency.name ?? t('activity.unreadable'),
              at: f.body ? f.body.occurredAt * 1000 : null,
              code: f.check.state === 'failed' ? f.check.code : 'event_mismatch',
            }))}
            missing={missing.value.map((m) => ({ id: m.id, agencyName: m.agencyName, at: m.at }))}
          />
          {cachedAt.value !== null && (
            <p class="notice" role="status">
              {t('activity.offline', { date: dateWords(cachedAt.value, 'dateTime') })}
            </p>
          )}
          <ErrorNotice error={activityError.value} />
          {status === 'loading' && !items.length ? (
            <p aria-busy="true">{t('activity.checking')}</p>
          ) : !items.length ? (
            !activityError.value && <p class="card">{t('activity.empty')}</p>
          ) : (
            <>
              {checkedSize.value !== null && !logAlarm.value && cachedAt.value === null && (
                <p class="activity__log-status">{t('activity.logStatus')}</p>
              )}
              <Filters />
              <p class="activity__count" aria-live="polite">
                {t('activity.count', { shown: shown.length, total: items.length })}
              </p>
              {!shown.length && <p class="card">{t('activity.noMatch')}</p>}
              {groupItems(shown, groupBy.value).map((group) => (
                <section key={group.key} class="activity__group">
                  <h2>{group.label}</h2>
                  <ul class="access-event-list">
                    {group.items.map((item) => (
                      <AccessEvent
                        key={item.event.eventId}
                        eventId={item.event.eventId}
                        leafIndex={item.event.leafIndex}
                        body={item.body}
                        check={item.check}
                        origin={origins.value.get(item.event.eventId)}
                        consent={consentState(item.body?.consentRecordId)}
                        recordId={recordFor(item)}
                        dataLabel={label}
                        headingLevel={3}
                      >
                        {item.body && <EntryFeedback eventId={item.event.eventId} body={item.body} />}
                      </AccessEvent>
                    ))}
                  </ul>
                </section>
              ))}
              {nextBefore.value !== null && cachedAt.value === null ? (
                <button type="button" class="button button--secondary activity__more" disabled={status === 'loading-more'} onClick={() => void loadMore()}>
                  {status === 'loading-more' ? t('activity.loadingMore') : t('activity.loadMore')}
                </button>
              ) : (
                cachedAt.value === null && <p class="muted activity__end">{t('activity.end')}</p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
