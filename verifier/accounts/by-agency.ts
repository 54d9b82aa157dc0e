// Groups rows by the agency they concern, in first-seen order: one notice or log entry per agency.
export function byAgency<T extends { agencyId: string }>(items: T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.agencyId, [...(groups.get(item.agencyId) ?? []), item]);
  return groups;
}
