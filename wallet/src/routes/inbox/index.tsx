// "Kotak masuk / Inbox": warnings addressed to the citizen, newest first. A breach alert says what leaked, when, what
// the agency did, what to do now, and whether the agency told the citizen within the 3x24 hours UU PDP allows; each
// item leads to the action it asks for (a complaint to the agency). Opening an item marks it read.
import { useEffect, useState } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { locale, t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import { dataItemLabel, loadRegistryLabels } from '../../lib/claim-labels.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import { purposeWords } from '../../i18n/words.js';
import { listPresentationRecords, type PresentationRecord } from '../../state/presentation-records.js';
import { inboxError, inboxItems, keepConsent, loadInbox, markInboxRead, type InboxItem } from '../../state/inbox.js';
import { credentials } from '../../state/wallet.js';
import './inbox.css';

const when = (iso: string) => dateWords(iso, 'longDateTime');

type Item<K extends InboxItem['kind']> = Extract<InboxItem, { kind: K }>;

const headingIdOf = (item: InboxItem) => `inbox-${item.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** After a notice or purpose change: keep the consent, or withdraw it from its receipt (signed with the card's key). */
function ReviewItem({ item, records }: { item: Item<'consent_review'>; records: PresentationRecord[] }) {
  const r = item.review;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const headingId = headingIdOf(item);
  const record = records.find((p) => p.consentRecordId === r.consentId);
  const keep = async () => {
    setBusy(true);
    setError(null);
    try {
      await markInboxRead(item.id).catch(() => {});
      await keepConsent(r.consentId);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const what = r.reasons.length === 2 ? 'inbox.review.both' : r.reasons[0] === 'notice' ? 'inbox.review.notice' : 'inbox.review.purpose';
  return (
    <li class={`inbox-item${item.read ? '' : ' inbox-item--unread'}`} data-item-id={item.id} data-kind={item.kind}>
      <div class="inbox-item__body">
        <h2 id={headingId} class="inbox-item__title">
          {!item.read && <span class="inbox-item__new">{t('inbox.new')} </span>}
          {t('inbox.review.title', { agency: r.agency.name })}
        </h2>
        <p>{t(what, { agency: r.agency.name, purpose: purposeWords(r.purpose.description ? { code: r.purpose.code, description: r.purpose.description } : null) })}</p>
        <p>{t('inbox.review.until', { agency: r.agency.name })}</p>
        <div class="inbox-item__actions">
          <button type="button" class="button" disabled={busy || !online.value} aria-busy={busy} aria-describedby={headingId} onClick={() => void keep()}>
            {t('inbox.review.keep')}
          </button>
          {record ? (
            <a class="button button--secondary" href={`/consent-receipts/${record.id}`} aria-describedby={headingId}>
              {t('inbox.review.withdraw')}
            </a>
          ) : (
            <a class="button button--secondary" href="/rights" aria-describedby={headingId}>
              {t('inbox.review.withdrawElsewhere')}
            </a>
          )}
        </div>
        <ErrorNotice error={error} />
      </div>
    </li>
  );
}

function BreachItem({ item }: { item: Item<'breach'> }) {
  const b = item.breach;
  const lang = locale.value;
  const headingId = headingIdOf(item);
  const complain = `/rights?agency=${encodeURIComponent(b.agency.id)}&agencyName=${encodeURIComponent(b.agency.name)}&kind=complaint`;
  return (
    <li class={`inbox-item${item.read ? '' : ' inbox-item--unread'}`} data-item-id={item.id} data-kind={item.kind}>
      <details onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && void markInboxRead(item.id).catch(() => {})}>
        <summary>
          <span id={headingId} class="inbox-item__title">
            {!item.read && <span class="inbox-item__new">{t('inbox.new')} </span>}
            {t('inbox.breach.title', { agency: b.agency.name })}
          </span>
          <span class="inbox-item__date">{dateWords(item.at, 'date')}</span>
        </summary>
        <dl class="inbox-item__facts">
          <div>
            <dt>{t('inbox.breach.data')}</dt>
            <dd>{b.claims.map((c) => dataItemLabel(c, credentials.value, lang)).join(', ')}</dd>
          </div>
          {b.purposes.length > 0 && (
            <div>
              <dt>{t('inbox.breach.purposes')}</dt>
              <dd>{b.purposes.map((p) => p.description?.[lang] ?? p.description?.id ?? t('words.purpose.unnamed')).join(', ')}</dd>
            </div>
          )}
          <div>
            <dt>{t('inbox.breach.window')}</dt>
            <dd>{t('inbox.breach.windowRange', { from: when(b.windowStart), to: when(b.windowEnd) })}</dd>
          </div>
          <div>
            <dt>{t('inbox.breach.what')}</dt>
            <dd>{b.whatHappened}</dd>
          </div>
          <div>
            <dt>{t('inbox.breach.actions')}</dt>
            <dd>{b.actionsTaken}</dd>
          </div>
          <div class="inbox-item__advice">
            <dt>{t('inbox.breach.advice')}</dt>
            <dd>{b.citizenAdvice}</dd>
          </div>
          <div>
            <dt>{t('inbox.breach.deadline')}</dt>
            <dd class="inbox-item__deadline" data-late={b.late ? 'true' : 'false'}>
              {t(b.late ? 'inbox.breach.late' : 'inbox.breach.onTime', { discovered: when(b.discoveredAt), due: when(b.noticeDueAt), told: when(b.notifiedAt) })}
            </dd>
          </div>
        </dl>
        <p>
          <a class="button button--secondary" href={complain} aria-describedby={headingId}>
            {t('inbox.breach.complain')}
          </a>
        </p>
      </details>
    </li>
  );
}

export default function Inbox() {
  const { state, error } = useWallet();
  const [records, setRecords] = useState<PresentationRecord[]>([]);
  useEffect(() => {
    if (state !== 'ready') return;
    listPresentationRecords().then(setRecords, () => setRecords([]));
    if (!online.value) return;
    void loadRegistryLabels();
    void loadInbox();
  }, [state]);
  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  const items = inboxItems.value;
  return (
    <section aria-labelledby="inbox-title" class="inbox">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <p class="muted">{t('inbox.lead')}</p>
      {state === 'locked' ? (
        <UnlockCard message="inbox.locked" />
      ) : (
        <>
          {!online.value && <p class="notice" role="status">{t('inbox.offline')}</p>}
          <ErrorNotice error={inboxError.value} />
          {items === null ? (
            online.value && !inboxError.value && <p aria-busy="true">{t('common.loading')}</p>
          ) : items.length === 0 ? (
            <p class="card">{t('inbox.empty')}</p>
          ) : (
            <ul class="inbox-list">
              {items.map((item) => (item.kind === 'breach' ? <BreachItem key={item.id} item={item} /> : <ReviewItem key={item.id} item={item} records={records} />))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
