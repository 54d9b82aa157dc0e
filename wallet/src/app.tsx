// The wallet shell: skip link, a one-line header (brand, language, settings), the bottom navigation, banners, and the
// routed screen.
import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { LanguageSwitch } from './components/language-switch/index.js';
import { OfflineBanner } from './components/offline-banner/index.js';
import { UpdatePrompt } from './components/update-prompt.js';
import { t } from './i18n/index.js';
import { BottomNav } from './components/bottom-nav/index.js';
import { Activity, Agency, Inbox, BackupSettings, DeleteAccount, LostDevice, ConsentReceipt, Rights, Transparency, Consents, CredentialDetail, Home, MoveCard, NotFound, Present, Receive, Scan, Settings, Welcome } from './routes.js';

export function App() {
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="app-header">
        <a href="/" class="brand" aria-label={`${t('app.name')}: ${t('app.tagline')}`}>
          <img src="/icons/icon.svg" alt="" width={32} height={32} />
          <span>{t('app.name')}</span>
        </a>
        <div class="app-header__tools">
          <LanguageSwitch />
          <a href="/settings" class="app-header__settings">
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
              <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12l2-1-1-3-2 .3-1.3-1.3.3-2-3-1-1 2h-2l-1-2-3 1 .3 2L6 7.3 4 7l-1 3 2 1v2l-2 1 1 3 2-.3 1.3 1.3-.3 2 3 1 1-2h2l1 2 3-1-.3-2 1.3-1.3 2 .3 1-3-2-1z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
            </svg>
            <span class="visually-hidden">{t('nav.settings')}</span>
          </a>
        </div>
      </header>
      <BottomNav />
      <OfflineBanner />
      <UpdatePrompt />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          {/* Moves focus to the new screen so screen readers announce it and keyboard users start at its top. */}
          <Router onRouteChange={() => document.getElementById('main')?.focus()}>
            <Route path="/" component={Home} />
            <Route path="/welcome" component={Welcome} />
            <Route path="/credentials/:id" component={CredentialDetail} />
            <Route path="/receive" component={Receive} />
            <Route path="/scan" component={Scan} />
            <Route path="/receive/scan" component={Scan} />
            <Route path="/receive/move" component={MoveCard} />
            <Route path="/settings" component={Settings} />
            <Route path="/settings/backup" component={BackupSettings} />
            <Route path="/settings/lost-phone" component={LostDevice} />
            <Route path="/settings/delete-account" component={DeleteAccount} />
            {/* presentation and consent routes (issue 6) */}
            <Route path="/present" component={Present} />
            <Route path="/consent-receipts" component={Consents} />
            <Route path="/consent-receipts/:id" component={ConsentReceipt} />
            {/* access log, consent control and rights routes (issue 7) */}
            <Route path="/activity" component={Activity} />
            <Route path="/transparency" component={Transparency} />
            <Route path="/rights" component={Rights} />
            <Route path="/inbox" component={Inbox} />
            <Route path="/agencies/:id" component={Agency} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      <footer class="app-footer">
        <a href="/transparency">{t('footer.transparency')}</a>
      </footer>
    </LocationProvider>
  );
}
