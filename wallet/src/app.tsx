// The wallet shell: skip link, header with language switch, banners, and the routed screen.
import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { LanguageSwitch } from './components/language-switch/index.js';
import { OfflineBanner } from './components/offline-banner/index.js';
import { UpdatePrompt } from './components/update-prompt.js';
import { t } from './i18n/index.js';
import { SiteNav } from './components/site-nav/index.js';
import { Activity, BackupSettings, ConsentReceipt, Rights, Transparency, Consents, CredentialDetail, Home, NotFound, Present, Receive, Scan, Settings, Welcome } from './routes.js';

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
        <LanguageSwitch />
      </header>
      <SiteNav />
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
            <Route path="/receive/scan" component={Scan} />
            <Route path="/settings" component={Settings} />
            <Route path="/settings/backup" component={BackupSettings} />
            {/* presentation and consent routes (issue 6) */}
            <Route path="/present" component={Present} />
            <Route path="/consent-receipts" component={Consents} />
            <Route path="/consent-receipts/:id" component={ConsentReceipt} />
            {/* access log, consent control and rights routes (issue 7) */}
            <Route path="/activity" component={Activity} />
            <Route path="/transparency" component={Transparency} />
            <Route path="/rights" component={Rights} />
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
