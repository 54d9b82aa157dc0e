// fast-check arbitraries from the JSON Schemas of an OpenAPI 3.1 document: values that satisfy a schema, and mutated
// ones that (most of the time) do not, for the contract fuzz of /openapi.json.
import fc from 'fast-check';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema is read as plain JSON */
export type JsonSchema = Record<string, any> | boolean;

export interface ArbitraryOptions {
  /** The document, to resolve `#/components/schemas/...` references. */
  root: Record<string, any>;
  /** Values to mix in for a property or parameter of this name (real ids, so some requests reach a resource). */
  hints?: Record<string, readonly unknown[]>;
  /** How deep objects and arrays may nest before only required members are generated. */
  maxDepth?: number;
}

const wildcard = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]));

export function resolveRef(schema: JsonSchema, root: Record<string, any>): JsonSchema {
  let current = schema;
  for (let i = 0; typeof current === 'object' && typeof current.$ref === 'string' && i < 20; i++) {
    const path = (current.$ref as string).replace(/^#\//, '').split('/');
    current = path.reduce((node: any, key) => node?.[key], root) as JsonSchema;
  }
  return current;
}

function stringArbitrary(s: Record<string, any>): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, minLength + 60);
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'uri') return fc.webUrl();
  if (s.format === 'email') return fc.emailAddress();
  if (s.format === 'date-time') return fc.date({ min: new Date(0), max: new Date(4102444800000), noInvalidDate: true }).map((d) => d.toISOString());
  if (typeof s.pattern === 'string') {
    return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= minLength && (s.maxLength === undefined || v.length <= s.maxLength));
  }
  return fc.string({ minLength, maxLength, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 -_.@/Äéŝالعربية'.split('')) });
}

function numberArbitrary(s: Record<string, any>, integer: boolean): fc.Arbitrary<number> {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : -1e6);
  const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : 1e6);
  if (integer) return fc.integer({ min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER), max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Values that satisfy the schema. */
export function arbitraryOf(schema: JsonSchema, options: ArbitraryOptions, depth = 0, name?: string): fc.Arbitrary<unknown> {
  const s = resolveRef(schema, options.root);
  if (s === true || s === undefined) return wildcard;
  if (s === false) return fc.constant(undefined);
  const hinted = name !== undefined ? options.hints?.[name] : undefined;
  const plain = plainArbitrary(s, options, depth);
  return hinted?.length ? fc.oneof({ arbitrary: fc.constantFrom(...hinted), weight: 3 }, { arbitrary: plain, weight: 1 }) : plain;
}

function plainArbitrary(s: Record<string, any>, options: ArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const maxDepth = options.maxDepth ?? 6;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const alternatives = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((a) => arbitraryOf(a, options, depth + 1)));
  if (Array.isArray(s.allOf)) return allOfArbitrary(s.allOf as JsonSchema[], options, depth);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (types.length === 0) return wildcard;
  if (types.length > 1) return fc.oneof(...types.map((type) => plainArbitrary({ ...s, type }, options, depth)));
  switch (types[0]) {
    case 'string':
      return stringArbitrary(s);
    case 'integer':
      return numberArbitrary(s, true);
    case 'number':
      return numberArbitrary(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minLength = s.minItems ?? 0;
      const maxLength = depth >= maxDepth ? minLength : Math.min(s.maxItems ?? 3, minLength + 3);
      return fc.array(arbitraryOf(s.items ?? true, options, depth + 1), { minLength, maxLength });
    }
    default:
      return objectArbitrary(s, options, depth);
  }
}

function objectArbitrary(s: Record<string, any>, options: ArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set<string>(s.required ?? []);
  const deep = depth >= (options.maxDepth ?? 6);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (deep && !required.has(key)) continue;
    model[key] = arbitraryOf(value, options, depth + 1, key);
  }
  const base = fc.record(model, { requiredKeys: Object.keys(model).filter((k) => required.has(k)) });
  if (Object.keys(properties).length === 0 && s.additionalProperties && !deep) {
    const values = s.additionalProperties === true ? wildcard : arbitraryOf(s.additionalProperties, options, depth + 1);
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), values, { maxKeys: 3 });
  }
  return base;
}

function allOfArbitrary(parts: JsonSchema[], options: ArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  // zod-to-openapi writes `.extend()` as allOf of object schemas: merge their properties and required lists.
  const merged: Record<string, any> = { type: 'object', properties: {}, required: [] };
  for (const part of parts.map((p) => resolveRef(p, options.root))) {
    if (typeof part !== 'object') continue;
    Object.assign(merged.properties, part.properties ?? {});
    merged.required.push(...(part.required ?? []));
  }
  return objectArbitrary(merged, options, depth);
}

/** A value that breaks the schema somewhere: a wrong type at the top, a required member dropped, or a member replaced. */
export function mutatedArbitraryOf(schema: JsonSchema, options: ArbitraryOptions): fc.Arbitrary<unknown> {
  const s = resolveRef(schema, options.root);
  const valid = arbitraryOf(schema, options);
  const anyValue = fc.oneof(wildcard, fc.string({ maxLength: 3000 }), fc.integer({ min: -1e12, max: 1e12 }), fc.double(), fc.array(wildcard, { maxLength: 3 }));
  const whole = fc.oneof(anyValue, fc.constant(undefined));
  if (typeof s !== 'object') return whole;
  return fc.oneof(
    whole,
    fc.tuple(valid, fc.nat(), anyValue, fc.boolean()).map(([value, index, replacement, drop]) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return replacement;
      const keys = Object.keys(value);
      if (keys.length === 0) return { ...value, unexpected: replacement };
      const key = keys[index % keys.length]!;
      const copy: Record<string, unknown> = { ...value };
      if (drop) delete copy[key];
      else copy[key] = replacement;
      return copy;
    }),
  );
}
