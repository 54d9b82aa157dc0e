// The wallet's routes, each screen lazy-loaded so the first render ships only what it needs.
import { lazy } from 'preact-iso';

export const Welcome = lazy(() => import('./routes/welcome/index.js'));
export const NotFound = lazy(() => import('./routes/not-found.js'));
