// Wallet entry: render the shell, set the document language, register the service worker.
import { render } from 'preact';
import { App } from './app.js';
import { locale } from './i18n/index.js';
import { registerServiceWorker } from './lib/service-worker.js';
import './styles.css';

document.documentElement.lang = locale.value;
render(<App />, document.getElementById('app')!);
void registerServiceWorker();
