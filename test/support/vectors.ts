// Reads the external conformance vectors kept in test/vectors/ (sources and licences in its README).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const vectorsDir = new URL('../vectors/', import.meta.url);

/** Parses a JSON vector file given relative to test/vectors/, e.g. `sd-jwt/rfc9901-5.2.json`. */
export function loadVector(relativePath: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(relativePath, vectorsDir)), 'utf8'));
}
