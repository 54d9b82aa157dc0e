// A personal-data breach report as the service serves it (agency listing, public list, the citizen's inbox) and the
// wallet and console read it: one shape for all three.
import type { LocalizedText } from '../consent/record.js';

export interface BreachReport {
  id: string;
  agency: { id: string; name: string };
  filedBy: 'agency' | 'operator';
  /** Claim names of the data concerned. */
  claims: string[];
  purposes: { code: string; description: LocalizedText | null }[];
  windowStart: string;
  windowEnd: string;
  discoveredAt: string;
  /** discoveredAt + 3x24 hours (UU PDP Pasal 46). */
  noticeDueAt: string;
  /** When citizens were told: the service puts the alert in their inbox when the report is filed. */
  notifiedAt: string;
  /** True when citizens were told after the deadline. */
  late: boolean;
  whatHappened: string;
  actionsTaken: string;
  citizenAdvice: string;
  /** Citizens with an access in the window when filed; null in public when fewer than the suppression threshold. */
  affectedCount: number | null;
}
