// Agency console entry: set the document language and render the shell. No service worker: staff pages are not
// meant to work offline or to be cached on a shared computer.
import { render } from 'preact';
import { App } from './app.js';
import { locale } from './i18n/index.js';
import '../../wallet/src/styles.css';
import './console.css';

document.documentElement.lang = locale.value;
render(<App />, document.getElementById('app')!);
