// The browser-side check of an agency reference, with the service's rules (verifier/access/agency-ref.ts checks again).
import type { MessageKey } from '../i18n/id.js';

const PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 ._/:#-]{0,62}[A-Za-z0-9])?$/;
const SEARCH = /^[A-Za-z0-9 ._/:#-]{1,64}$/;
const NIK_LIKE = /(?<!\d)\d{16}(?!\d)/;

export function agencyRefProblem(ref: string): MessageKey | null {
  if (!PATTERN.test(ref)) return 'field.agencyRef';
  if (NIK_LIKE.test(ref)) return 'field.agencyRefNik';
  return null;
}

/** A search term the listing accepts (any run of the allowed characters). */
export const isSearchTerm = (term: string) => SEARCH.test(term);
