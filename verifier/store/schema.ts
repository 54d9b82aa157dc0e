// Table types for the typed query layer (Kysely). One interface per table; migrations create exactly these.
import type { Generated } from 'kysely';

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

/** Transparency log leaf: index in append order and the RFC 9162 leaf hash of the event commitment. */
export interface LogLeavesTable {
  idx: number;
  leaf_hash: Uint8Array;
  created_at: number;
}

/** Perfect subtree hash (level >= 1) covering leaves [idx * 2^level, (idx + 1) * 2^level). */
export interface LogNodesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

export interface LogCheckpointsTable {
  size: number;
  root: Uint8Array;
  note: string;
  created_at: number;
}

export interface Database {
  log_leaves: LogLeavesTable;
  log_nodes: LogNodesTable;
  log_checkpoints: LogCheckpointsTable;
  settings: SettingsTable;
}

// Keep Generated imported for tables added by later migrations.
export type { Generated };
