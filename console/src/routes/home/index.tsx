// After sign-in: who the console acts for, and the three views it offers this agency.
import { ErrorNotice } from '../../components/error-notice.js';
import { t } from '../../i18n/index.js';
import { agency, agencyError, canIssue, canVerify } from '../../state/agency.js';

export default function Home() {
  const a = agency.value;
  if (!a) return <>{agencyError.value ? <ErrorNotice error={agencyError.value} /> : <p>{t('common.loading')}</p>}</>;
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title', { agency: a.legalName })}</h1>
      <p class="muted">{t(a.role === 'issuer' ? 'home.role.issuer' : a.role === 'verifier' ? 'home.role.verifier' : 'home.role.both')}</p>
      <ul class="console-tiles">
        {canIssue(a) ? (
          <li class="card">
            <h2>
              <a href="/console/issue">{t('nav.issue')}</a>
            </h2>
            <p>{t('home.issue')}</p>
          </li>
        ) : null}
        {canVerify(a) ? (
          <li class="card">
            <h2>
              <a href="/console/verify">{t('nav.verify')}</a>
            </h2>
            <p>{t('home.verify')}</p>
          </li>
        ) : null}
        <li class="card">
          <h2>
            <a href="/console/accountability">{t('nav.accountability')}</a>
          </h2>
          <p>{t('home.accountability')}</p>
        </li>
      </ul>
    </section>
  );
}
