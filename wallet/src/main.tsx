// Wallet entry: keep the link the page was opened with, render the shell, set the document language, register the
// service worker.
import { render } from 'preact';
import { App } from './app.js';
import { catalogueReady, locale } from './i18n/index.js';
import { captureLaunchLink } from './lib/launch-link.js';
import { registerServiceWorker } from './lib/service-worker.js';
import './styles.css';

// Before the router reads the address: keep an offer or request link for when the wallet is ready.
captureLaunchLink();
document.documentElement.lang = locale.value;
// English is a chunk of its own; a citizen who chose it sees the first screen in English, not a flash of Indonesian.
// (A .then, not a top-level await: that would make the bundler split the entry into many small chunks.)
void catalogueReady().then(() => render(<App />, document.getElementById('app')!));
void registerServiceWorker();
