// The rate-limit classes, their default budgets, and the `COUNT/WINDOW` notation the RATE_LIMIT_* variables use.
// Defaults are far above what a well-behaved wallet, browser or agency sends; they stop floods, not use.

export const rateClasses = ['addressWrites', 'addressReads', 'accountWrites', 'apiKey', 'authFailures'] as const;
export type RateClass = (typeof rateClasses)[number];

/** At most `limit` requests per fixed window of `windowMs`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export type RateRules = Record<RateClass, RateRule>;

/** The environment variable that configures each class. */
export const rateRuleVariables: Record<RateClass, string> = {
  addressWrites: 'RATE_LIMIT_ADDRESS_WRITES',
  addressReads: 'RATE_LIMIT_ADDRESS_READS',
  accountWrites: 'RATE_LIMIT_ACCOUNT_WRITES',
  apiKey: 'RATE_LIMIT_API_KEY',
  authFailures: 'RATE_LIMIT_AUTH_FAILURES',
};

export const defaultRateRuleText: Record<RateClass, string> = {
  addressWrites: '600/1m',
  addressReads: '20000/1m',
  accountWrites: '120/1m',
  apiKey: '300000/1m',
  authFailures: '30/5m',
};

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
const RULE_FORMAT = /^\s*(\d{1,9})\s*\/\s*(\d{1,4})\s*([smh])\s*$/;
export const RULE_FORMAT_HINT = 'COUNT/WINDOW such as 600/1m (window in s, m or h, from 1s to 24h)';

/** Parses `600/1m`; undefined when the text is not a rule (the caller names the variable in its message). */
export function parseRateRule(text: string): RateRule | undefined {
  const match = RULE_FORMAT.exec(text);
  if (!match) return undefined;
  const limit = Number(match[1]);
  const windowMs = Number(match[2]) * unitMs[match[3] as keyof typeof unitMs];
  if (limit < 1 || windowMs < 1_000 || windowMs > 24 * unitMs.h) return undefined;
  return { limit, windowMs };
}

export const defaultRateRules: RateRules = Object.fromEntries(
  rateClasses.map((cls) => [cls, parseRateRule(defaultRateRuleText[cls])!]),
) as RateRules;

/** Rules high enough that no test or benchmark meets them unless it sets its own. */
export const unlimitedRateRules: RateRules = Object.fromEntries(
  rateClasses.map((cls) => [cls, { limit: 1_000_000_000, windowMs: 60_000 }]),
) as RateRules;
