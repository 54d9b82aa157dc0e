// The wallet's routes, each screen lazy-loaded so the first render ships only what it needs.
import { lazy } from 'preact-iso';

export const Home = lazy(() => import('./routes/home/index.js'));
export const Welcome = lazy(() => import('./routes/welcome/index.js'));
export const CredentialDetail = lazy(() => import('./routes/credential/index.js'));
export const Receive = lazy(() => import('./routes/receive/index.js'));
export const Scan = lazy(() => import('./routes/scan/index.js'));
export const MoveCard = lazy(() => import('./routes/move-card/index.js'));
export const Settings = lazy(() => import('./routes/settings/index.js'));
export const BackupSettings = lazy(() => import('./routes/settings/backup.js'));
export const LostDevice = lazy(() => import('./routes/settings/lost-device.js'));
export const DeleteAccount = lazy(() => import('./routes/settings/delete-account.js'));
export const NotFound = lazy(() => import('./routes/not-found.js'));
// --- presentation and consent (issue 6) ---
export const Present = lazy(() => import('./routes/present/index.js'));
export const Consents = lazy(() => import('./routes/consents/index.js'));
export const ConsentReceipt = lazy(() => import('./routes/consents/receipt.js'));
// --- access log, consent control and rights (issue 7) ---
export const Activity = lazy(() => import('./routes/activity/index.js'));
export const Transparency = lazy(() => import('./routes/transparency/index.js'));
export const Rights = lazy(() => import('./routes/rights/index.js'));
// --- citizens' voice: inbox, agency pages with a suggestion box (issue 21) ---
export const Inbox = lazy(() => import('./routes/inbox/index.js'));
export const Agency = lazy(() => import('./routes/agency/index.js'));
