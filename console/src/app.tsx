// The console shell: skip link, header with the agency and language switch, navigation, and the routed screen (the
// sign-in screen whenever no agency is signed in).
import { useEffect } from 'preact/hooks';
import { ErrorBoundary, LocationProvider, Route, Router } from 'preact-iso';
import { LanguageSwitch } from './components/language-switch.js';
import { SiteNav } from './components/site-nav.js';
import { locale, t } from './i18n/index.js';
import { session } from './lib/session.js';
import { Accountability, Home, Issue, NotFound, SignIn, Verify, Voice } from './routes.js';
import { agency, loadAgency, signOut } from './state/agency.js';

function AgencyBadge() {
  if (!session.value) return null;
  return (
    <div class="console-agency">
      <span>{t('signin.signedInAs', { agency: agency.value?.legalName ?? session.value.agencyId })}</span>
      <button type="button" class="button button--secondary console-signout" onClick={signOut}>
        {t('signin.signOut')}
      </button>
    </div>
  );
}

export function App() {
  useEffect(() => {
    if (session.value && !agency.value) void loadAgency();
  }, [session.value]);
  useEffect(() => {
    document.title = `${t('app.console')} · ${t('app.name')}`;
  }, [locale.value]);
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="app-header">
        <a href="/console/" class="brand">
          <img src="/icons/icon.svg" alt="" width={32} height={32} />
          <span>
            {t('app.name')} <span class="console-brand__sub">{t('app.console')}</span>
          </span>
        </a>
        <div class="console-header__tools">
          <AgencyBadge />
          <LanguageSwitch />
        </div>
      </header>
      {session.value ? <SiteNav /> : null}
      <main id="main" tabIndex={-1} class="console-main">
        <ErrorBoundary>
          {session.value ? (
            <Router onRouteChange={() => document.getElementById('main')?.focus()}>
              <Route path="/console/" component={Home} />
              <Route path="/console/issue" component={Issue} />
              <Route path="/console/verify" component={Verify} />
              <Route path="/console/accountability" component={Accountability} />
              <Route path="/console/voice" component={Voice} />
              <Route default component={NotFound} />
            </Router>
          ) : (
            <SignIn />
          )}
        </ErrorBoundary>
      </main>
    </LocationProvider>
  );
}
