// Wallet entry: keep the link the page was opened with, render the shell, set the document language, register the
// service worker.
import { render } from 'preact';
import { App } from './app.js';
import { locale } from './i18n/index.js';
import { captureLaunchLink } from './lib/launch-link.js';
import { registerServiceWorker } from './lib/service-worker.js';
import './styles.css';

// Before the router reads the address: keep an offer or request link for when the wallet is ready.
captureLaunchLink();
document.documentElement.lang = locale.value;
render(<App />, document.getElementById('app')!);
void registerServiceWorker();
