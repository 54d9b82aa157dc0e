// The delivery worker started by main.ts: runs deliverDue on an interval, one run at a time, and stops cleanly
// (waiting for the run in flight) at shutdown.
import { deliverDue, type DeliverDeps } from './deliver.js';

export interface WebhookWorker {
  stop(): Promise<void>;
}

export function startWebhookWorker(deps: DeliverDeps, intervalMs = 5_000): WebhookWorker {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = deliverDue(deps)
      .then(() => undefined)
      .catch((err: unknown) => deps.logger?.error({ err }, 'webhook delivery run failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
