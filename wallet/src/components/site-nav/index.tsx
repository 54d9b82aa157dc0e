// The main navigation: cards, who used my data, my rights, and settings, with the current page announced.
import { useLocation } from 'preact-iso';
import { t } from '../../i18n/index.js';

export function SiteNav() {
  const { path } = useLocation();
  if (path === '/welcome') return null;
  const link = (href: string, label: string) => (
    <a href={href} class="site-nav__link" aria-current={path === href ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <nav class="site-nav" aria-label={t('nav.main')}>
      {link('/', t('nav.home'))}
      {link('/activity', t('nav.activity'))}
      {link('/rights', t('nav.rights'))}
      {link('/settings', t('nav.settings'))}
    </nav>
  );
}
