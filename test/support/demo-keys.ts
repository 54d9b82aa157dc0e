// The demo agencies' API keys, read from the "try it" guide the service prints at start-up.
export function demoKey(output: string, agencyId: string): string {
  const match = new RegExp(`${agencyId}\\s+\\w+\\s+(sahih_live_\\S+)`).exec(output);
  if (!match) throw new Error(`no demo key for ${agencyId} in the start-up output`);
  return match[1]!;
}
