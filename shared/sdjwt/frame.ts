// The disclosure frame: which claims and array elements an issuer makes selectively disclosable, at any depth.
// Same shape as sd-jwt-js's DisclosureFrame so frames can be shared with it in interop tests.

/**
 * `_sd` lists the member names (or, for an array, the element indices) at this level that become disclosures;
 * `_sd_decoy` adds that many decoy digests at this level; any other key is the frame for that child.
 *
 * @example { _sd: ['given_name', 'address'], address: { _sd: ['street_address'] }, nationalities: { _sd: [0, 1] } }
 */
export interface DisclosureFrame {
  readonly _sd?: readonly (string | number)[];
  readonly _sd_decoy?: number;
  readonly [child: string]: DisclosureFrame | readonly (string | number)[] | number | undefined;
}

export function childFrame(frame: DisclosureFrame | undefined, key: string | number): DisclosureFrame | undefined {
  if (!frame) return undefined;
  const child = frame[String(key)];
  return typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as DisclosureFrame) : undefined;
}

export function isSelectivelyDisclosable(frame: DisclosureFrame | undefined, key: string | number): boolean {
  return frame?._sd?.some((entry) => String(entry) === String(key)) ?? false;
}
