// "Kotak masuk / Inbox": warnings addressed to the citizen, newest first. A breach alert says what leaked, when, what
// the agency did, what to do now, and whether the agency told the citizen within the 3x24 hours UU PDP allows; each
// item leads to the action it asks for (a complaint to the agency). Opening an item marks it read.
import { useEffect } from 'preact/hooks';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { locale, t } from '../../i18n/index.js';
import { dateWords } from '../../i18n/words.js';
import { dataItemLabel, loadRegistryLabels } from '../../lib/claim-labels.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import { inboxError, inboxItems, loadInbox, markInboxRead, type InboxItem } from '../../state/inbox.js';
import { credentials } from '../../state/wallet.js';
import './inbox.css';

const when = (iso: string) => dateWords(iso, 'longDateTime');

function BreachItem({ item }: { item: InboxItem }) {
  const b = item.breach;
  const lang = locale.value;
  const headingId = `inbox-${item.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
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
  useEffect(() => {
    if (state !== 'ready' || !online.value) return;
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
              {items.map((item) => (
                <BreachItem key={item.id} item={item} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
