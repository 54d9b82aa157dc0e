// The Token Status List byte array (draft-ietf-oauth-status-list §4): 1/2/4/8-bit entries packed LSB first,
// zlib-compressed and base64url-encoded as `lst`.

import { unzlibSync, zlibSync } from 'fflate';
import { decodeBase64url, encodeBase64url } from '../encoding/base64url.js';

export type StatusBits = 1 | 2 | 4 | 8;

/** Status values with registered meaning (§7.1). 3 and 0x0C-0x0F are application-specific. */
export const STATUS_VALID = 0;
export const STATUS_INVALID = 1;
export const STATUS_SUSPENDED = 2;

export function isStatusBits(value: unknown): value is StatusBits {
  return value === 1 || value === 2 || value === 4 || value === 8;
}

export class StatusList {
  readonly bits: StatusBits;
  readonly bytes: Uint8Array;
  /** Number of entries. */
  readonly size: number;

  private constructor(bits: StatusBits, bytes: Uint8Array) {
    this.bits = bits;
    this.bytes = bytes;
    this.size = (bytes.length * 8) / bits;
  }

  /** A list of `size` entries, all VALID. */
  static create(size: number, bits: StatusBits): StatusList {
    if (!isStatusBits(bits)) throw new TypeError('bits must be 1, 2, 4 or 8');
    if (!Number.isSafeInteger(size) || size < 1 || (size * bits) % 8 !== 0) {
      throw new TypeError('size must be a positive integer filling whole bytes');
    }
    return new StatusList(bits, new Uint8Array((size * bits) / 8));
  }

  /** Decodes `status_list` from a token; throws SyntaxError when `lst` is not base64url zlib data. */
  static decode(statusList: { bits: StatusBits; lst: string }): StatusList {
    if (!isStatusBits(statusList.bits)) throw new SyntaxError('bits must be 1, 2, 4 or 8');
    let bytes: Uint8Array;
    try {
      bytes = unzlibSync(decodeBase64url(statusList.lst));
    } catch {
      throw new SyntaxError('lst is not base64url-encoded zlib data');
    }
    if (bytes.length === 0) throw new SyntaxError('empty status list');
    return new StatusList(statusList.bits, bytes);
  }

  get(index: number): number {
    this.#checkIndex(index);
    const bitOffset = index * this.bits;
    const mask = (1 << this.bits) - 1;
    return (this.bytes[bitOffset >>> 3]! >>> (bitOffset & 7)) & mask;
  }

  set(index: number, status: number): void {
    this.#checkIndex(index);
    const mask = (1 << this.bits) - 1;
    if (!Number.isInteger(status) || status < 0 || status > mask) throw new RangeError(`status must fit in ${this.bits} bits`);
    const bitOffset = index * this.bits;
    const byteIndex = bitOffset >>> 3;
    const shift = bitOffset & 7;
    this.bytes[byteIndex] = (this.bytes[byteIndex]! & ~(mask << shift)) | (status << shift);
  }

  /** `status_list` claim value: zlib (best compression, §4.1) + base64url. */
  encode(): { bits: StatusBits; lst: string } {
    return { bits: this.bits, lst: encodeBase64url(zlibSync(this.bytes, { level: 9 })) };
  }

  #checkIndex(index: number): void {
    // `index >>> 0 === index` is a cheap non-negative-integer test (lists stay far below 2^32 entries).
    if (index >>> 0 !== index || index >= this.size) throw new RangeError('status index out of range');
  }
}
