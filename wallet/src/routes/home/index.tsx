// Home: the citizen's cards, newest first, with their status refreshed whenever the phone is online.
import { useEffect } from 'preact/hooks';
import { CredentialCard } from '../../components/credential-card/index.js';
import { ErrorNotice } from '../../components/error-notice/index.js';
import { UnlockCard } from '../../components/unlock-card/index.js';
import { t } from '../../i18n/index.js';
import { online } from '../../lib/use-online.js';
import { useWallet } from '../../lib/use-wallet.js';
import { credentials, provedKeysNotice, refreshStatuses } from '../../state/wallet.js';
import { inboxUnread, loadInbox } from '../../state/inbox.js';

export default function Home() {
  const { state, error } = useWallet();
  const list = credentials.value;
  const isOnline = online.value;
  useEffect(() => {
    if (state === 'ready' && isOnline) void refreshStatuses().catch(() => {});
    // After the first render, never before it: the cards show at once and the inbox count follows.
    if (state === 'ready' && isOnline) void loadInbox();
  }, [state, isOnline]);
  const unread = inboxUnread.value;

  if (error) return <ErrorNotice error={error} />;
  if (state === 'loading') return <p aria-busy="true">{t('common.loading')}</p>;
  return (
    <section aria-labelledby="home-title">
      <div class="screen-head">
        <h1 id="home-title">{t('home.title')}</h1>
        <a class="button" href="/receive">
          {t('home.add')}
        </a>
      </div>
      <p class="home__links">
        <a href="/inbox" class={unread ? 'home__inbox home__inbox--unread' : 'home__inbox'}>
          {unread ? t('home.inbox.unread', { count: unread }) : t('home.inbox')}
        </a>
        <a href="/consent-receipts">{t('consents.link')}</a>
      </p>
      {provedKeysNotice.value && (
        <p class="notice notice--success" role="status" data-proved-keys={provedKeysNotice.value.attachedEvents}>
          {t('move.provedAtSignIn', { cards: provedKeysNotice.value.cards, count: provedKeysNotice.value.attachedEvents })} <a href="/activity">{t('move.openActivity')}</a>
        </p>
      )}
      {state === 'locked' ? (
        <UnlockCard message="home.locked" />
      ) : !list?.length ? (
        <p class="card">{t('home.empty')}</p>
      ) : (
        <ul class="credential-list" aria-label={t('home.count', { count: list.length })}>
          {list.map((view) => (
            <CredentialCard key={view.id} view={view} />
          ))}
        </ul>
      )}
    </section>
  );
}
