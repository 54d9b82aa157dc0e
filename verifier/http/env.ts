// The Hono environment every route shares: per-request variables set by the middleware in app.ts.
import type { Logger } from 'pino';
import type { AccountRecord, AgencyRecord, SessionRecord } from '../store/types.js';
import type { RateGate } from './rate-limit.js';

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    /** Set by requireSession() (verifier/http/session.ts) on routes that need a signed-in citizen. */
    account: AccountRecord;
    session: SessionRecord;
    /** Set by requireAgency() (verifier/http/agency-auth.ts): the agency whose API key made the request. */
    agency: AgencyRecord;
    /** Set by rateLimit() (verifier/http/rate-limit.ts); the credential checks charge through it. */
    rateLimit: RateGate | undefined;
  };
}
