// Line identities: two independent 32-bit FNV-1a hashes joined into 52 bits, which a Float64Array holds
// exactly. At a million lines the chance of any collision is about 1e-4 (birthday bound, 2^52 values).

const FNV_PRIME = 0x01000193;

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

export function hash52(text: string): number {
  const high = fnv1a(text, 0x811c9dc5);
  const low = fnv1a(text, 0x9747b28c) & 0xfffff;
  return high * 0x100000 + low;
}
