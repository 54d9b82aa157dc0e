// The public transparency statistics (GET /v1/transparency) as the service serves them and the wallet shows them:
// aggregates only, counts below `suppressBelow` reported as null.
import type { LocalizedText } from '../consent/record.js';

export interface TransparencyStats {
  generatedAt: string;
  windowDays: number;
  suppressBelow: number;
  log: { origin: string; size: number; checkpoint: string };
  byAgency: { agencyId: string; name: string; count: number | null }[];
  byPurpose: { agencyId: string; purposeCode: string; description: LocalizedText | null; count: number | null }[];
  byDay: { day: string; count: number | null }[];
  /** Citizens' ratings (1 to 5) per agency and purpose; count and average null when fewer than `suppressBelow`. */
  feedback: { agencyId: string; name: string; purposeCode: string | null; description: LocalizedText | null; count: number | null; average: number | null }[];
}
