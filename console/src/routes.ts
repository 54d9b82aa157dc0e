// The console's screens, each lazy-loaded so signing in ships only the sign-in form.
import { lazy } from 'preact-iso';

export const SignIn = lazy(() => import('./routes/sign-in/index.js'));
export const Home = lazy(() => import('./routes/home/index.js'));
export const Issue = lazy(() => import('./routes/issue/index.js'));
export const Verify = lazy(() => import('./routes/verify/index.js'));
export const Accountability = lazy(() => import('./routes/accountability/index.js'));
export const Voice = lazy(() => import('./routes/voice/index.js'));
export const NotFound = lazy(() => import('./routes/not-found.js'));
