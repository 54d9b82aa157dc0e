// Seeds the demo registry once, idempotently (each piece is created only when missing, so an interrupted seed
// completes on the next start), and returns the demo agencies' API keys for the "try it" guide.
import { createAgency } from './agencies.js';
import { createApiKey } from './api-keys.js';
import type { RegistryContext } from './context.js';
import { defineCredentialType } from './credential-types.js';
import { demoAgencies, demoCredentialTypes, demoPurposes } from './demo-data.js';
import { registerPurpose } from './purposes.js';
import { createDevelopmentCa } from '../x509/ca.js';

/**
 * DEMO ONLY. The plaintext demo API keys are kept in this settings row so the guide printed at every start stays
 * valid across restarts. The api_keys table still holds only their hashes, like every other key. Real agency keys
 * are never stored in clear anywhere; start with --no-demo (or DEMO=false) in production and this row never exists.
 */
export const DEMO_API_KEYS_SETTING = 'demo.api_keys.plaintext.DEMO_ONLY';

export async function seedDemo(ctx: RegistryContext): Promise<Record<string, string>> {
  for (const type of demoCredentialTypes) {
    if (!(await ctx.store.credentialTypes.get(type.id))) await defineCredentialType(ctx, type);
  }
  for (const agency of demoAgencies) {
    if (!(await ctx.store.agencies.get(agency.id))) await createAgency(ctx, agency);
  }
  for (const { agencyId, purpose } of demoPurposes) {
    if (!(await ctx.store.purposes.get(agencyId, purpose.code))) await registerPurpose(ctx, agencyId, purpose);
  }
  // The demo's verifiers use x509_san_dns client identifiers, which need a CA: a development one, never for production.
  if (!(await ctx.store.x509.activeCa())) await createDevelopmentCa(ctx);
  const keys = JSON.parse((await ctx.store.settings.get(DEMO_API_KEYS_SETTING)) ?? '{}') as Record<string, string>;
  let changed = false;
  for (const agency of demoAgencies) {
    if (keys[agency.id]) continue;
    keys[agency.id] = (await createApiKey(ctx, agency.id, 'demo')).apiKey;
    changed = true;
  }
  if (changed) await ctx.store.settings.set(DEMO_API_KEYS_SETTING, JSON.stringify(keys));
  return keys;
}
