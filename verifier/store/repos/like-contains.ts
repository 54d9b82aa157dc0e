// A case-insensitive "contains" filter that reads the same on SQLite and PostgreSQL: lower() on both sides and an
// explicit escape character, so a reference with `%` or `_` in it matches literally.
import { sql, type RawBuilder } from 'kysely';

/** The LIKE pattern for "contains `text`", lower-cased, with LIKE's wildcards and the escape character escaped. */
export const containsPattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function likeContains(column: string, pattern: string): RawBuilder<boolean> {
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
