// The Hono environment every route shares: per-request variables set by the middleware in app.ts.
import type { Logger } from 'pino';

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
  };
}
