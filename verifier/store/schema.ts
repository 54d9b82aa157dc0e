// Table types for the typed query layer (Kysely). One interface per table; migrations create exactly these.
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface Database {
  settings: SettingsTable;
}

// Keep Generated imported for tables added by later migrations.
export type { Generated };
