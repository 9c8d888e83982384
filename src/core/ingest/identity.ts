// Who a line's customer is. An email is trimmed and lower-cased (`Ann@Shop.com ` and `ann@shop.com` are one
// buyer); any other key is trimmed only. Where an export has no buyer column (Amazon's All Orders report),
// ship postal code + city + country stand in for one: an approximate identity, and labelled so.
import { utf8Bytes } from './encoding.ts';

const LOWER_EMAIL = /^[a-z0-9@._+-]*$/;

/** Identity of a customer: an email trimmed and lower-cased, any other key trimmed (`13085.0` read as `13085`). */
export function normaliseCustomer(raw: string): string {
  const s = raw.trim();
  // Lower-casing allocates; most emails are lower case already.
  if (s.includes('@')) return LOWER_EMAIL.test(s) ? s : s.toLowerCase();
  // A numeric id that went through a spreadsheet or a float column (`13085.0`) is the id `13085`.
  const c = s.charCodeAt(s.length - 1);
  if (c === 48 && /^\d+\.0+$/.test(s)) return s.slice(0, s.indexOf('.'));
  return s;
}

/**
 * The approximate identity of a ship-to address: postal code (US ZIP+4 cut to its 5 digits, spaces removed,
 * upper case), city and country (spaces folded, upper case). Empty when there is no postal code.
 */
export function approximateIdentity(postalCode: string, city: string, country: string): string {
  let postal = postalCode.replace(/\s+/g, '').toUpperCase();
  if (postal === '') return '';
  const countryCode = country.trim().replace(/\s+/g, ' ').toUpperCase();
  if ((countryCode === 'US' || countryCode === 'USA') && /^\d{5}-?\d{4}$/.test(postal)) postal = postal.slice(0, 5);
  return `~${postal}|${city.trim().replace(/\s+/g, ' ').toUpperCase()}|${countryCode}`;
}

/**
 * Stores only a salted hash of each identity: `hash` is the caller's (Web Crypto in the page, node:crypto
 * on the command line), so that core needs neither. Each distinct identity is hashed once.
 */
export type Pseudonymiser = (identity: string) => string | Promise<string>;

/** Bytes to SHA-256, from the platform: `(d) => crypto.subtle.digest('SHA-256', d)` or node:crypto's createHash. */
export type Sha256 = (data: Uint8Array) => Promise<ArrayBuffer | Uint8Array> | ArrayBuffer | Uint8Array;

/**
 * The pseudonymiser of the product: hex SHA-256 of UTF-8 `salt + "\0" + identity`. The page and the
 * command line both use it, so a salt gives the same pseudonyms in both.
 */
export function saltedSha256(salt: string, sha256: Sha256): Pseudonymiser {
  return async (identity: string) => {
    const digest = await sha256(utf8Bytes(`${salt}\u0000${identity}`));
    const bytes = digest instanceof Uint8Array ? digest : new Uint8Array(digest);
    let hex = '';
    for (let i = 0; i < bytes.length; i++) hex += bytes[i].toString(16).padStart(2, '0');
    return hex;
  };
}
