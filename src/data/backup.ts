// One file with everything the app stores (every table of the database: datasets, imports, order-line
// chunks, dictionaries, settings, per-dataset settings, and whatever later schema versions add), optionally
// encrypted with a passphrase. Restore checks the whole file (format, version, passphrase, checksum,
// contents) before it replaces anything, converts a file of an older schema version, and replaces in one
// transaction.
//
// Layout: "LLBACKUP" | u32 header length | header JSON | payload. The payload is
// u32 JSON length | JSON of the tables, typed arrays replaced by references | the arrays' bytes,
// encrypted with AES-GCM under a PBKDF2-SHA-256 key when a passphrase is given.
import { isPackedStrings } from '../core/columns/packed-strings.ts';
import { DICTIONARY_NAMES } from '../core/columns/table.ts';
import { dictionaryRecord } from './orders.ts';
import { splitV1Settings, type DictionaryRecord, type LoyaltyDatabase, type SettingRecord } from './schema.ts';

const MAGIC = 'LLBACKUP';
/**
 * 2: large dictionaries are stored packed (`packed: { parts, lengths }` instead of `values`), which a build
 * that reads format 1 would take for empty dictionaries; it refuses the file instead.
 */
export const BACKUP_FORMAT_VERSION = 2;
/** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
const PBKDF2_ITERATIONS = 600_000;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

interface BackupHeader {
  format: 'loyalty-lens-backup';
  version: number;
  schemaVersion: number;
  createdAt: string;
  tables: Record<string, number>;
  /** SHA-256 of the plain payload, hex. */
  checksum: string;
  encryption: null | { cipher: 'AES-GCM'; kdf: 'PBKDF2-SHA-256'; iterations: number; salt: string; iv: string };
}

type TypedArray = Int32Array | Float64Array | Uint8Array | Float32Array | Uint32Array | Int16Array | Uint16Array | Int8Array;
const TYPED: Record<string, new (buffer: ArrayBuffer, offset: number, length: number) => TypedArray> = {
  Int32Array, Float64Array, Uint8Array, Float32Array, Uint32Array, Int16Array, Uint16Array, Int8Array,
};

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function deriveKey(passphrase: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function encodePayload(tables: Record<string, unknown[]>): Uint8Array {
  const arrays: TypedArray[] = [];
  let offset = 0;
  const json = JSON.stringify(tables, (_key, value) => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const array = value as TypedArray;
      const ref = { $typed: array.constructor.name, offset, length: array.length };
      arrays.push(array);
      offset += Math.ceil(array.byteLength / 8) * 8;
      return ref;
    }
    return value;
  });
  const text = new TextEncoder().encode(json);
  const start = Math.ceil((4 + text.length) / 8) * 8;
  const out = new Uint8Array(start + offset);
  new DataView(out.buffer).setUint32(0, text.length);
  out.set(text, 4);
  let at = start;
  for (const array of arrays) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at += Math.ceil(array.byteLength / 8) * 8;
  }
  return out;
}

function decodePayload(payload: Uint8Array): Record<string, unknown[]> {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const textLength = view.getUint32(0);
  if (4 + textLength > payload.length) throw new BackupError('The backup file is damaged (its contents are cut short).');
  const start = Math.ceil((4 + textLength) / 8) * 8;
  const data = payload.slice(start);
  const tables = JSON.parse(new TextDecoder().decode(payload.subarray(4, 4 + textLength)), (_key, value) => {
    if (value && typeof value === 'object' && typeof value.$typed === 'string') {
      const Type = TYPED[value.$typed];
      if (!Type) throw new BackupError('The backup file is damaged (unknown array type).');
      const bytes = value.length * (Type as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      if (value.offset + bytes > data.length) throw new BackupError('The backup file is damaged (an array runs past its end).');
      return new Type(data.buffer.slice(value.offset, value.offset + bytes) as ArrayBuffer, 0, value.length);
    }
    return value;
  });
  if (!tables || typeof tables !== 'object') throw new BackupError('The backup file is damaged (no tables).');
  return tables;
}

export async function createBackup(db: LoyaltyDatabase, passphrase?: string): Promise<Blob> {
  const tables: Record<string, unknown[]> = {};
  await db.transaction('r', db.tables, async () => {
    for (const table of db.tables) tables[table.name] = await table.toArray();
  });
  const plain = encodePayload(tables);
  const checksum = hex(await crypto.subtle.digest('SHA-256', plain as BufferSource));
  let payload = plain;
  let encryption: BackupHeader['encryption'] = null;
  if (passphrase) {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
    payload = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv as BufferSource }, key, plain as BufferSource));
    encryption = { cipher: 'AES-GCM', kdf: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: b64(salt), iv: b64(iv) };
  }
  const header: BackupHeader = {
    format: 'loyalty-lens-backup', version: BACKUP_FORMAT_VERSION, schemaVersion: db.verno, createdAt: new Date().toISOString(),
    tables: Object.fromEntries(Object.entries(tables).map(([name, rows]) => [name, rows.length])), checksum, encryption,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const lengthBytes = new Uint8Array(4);
  new DataView(lengthBytes.buffer).setUint32(0, headerBytes.length);
  return new Blob([MAGIC, lengthBytes as BlobPart, headerBytes as BlobPart, payload as BlobPart], { type: 'application/octet-stream' });
}

/** Reads and checks a backup completely; nothing is written. */
export async function readBackup(file: Blob, passphrase?: string): Promise<{ header: BackupHeader; tables: Record<string, unknown[]> }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new BackupError('This is not a Loyalty Lens backup file.');
  }
  const headerLength = new DataView(bytes.buffer).getUint32(8);
  if (12 + headerLength > bytes.length) throw new BackupError('The backup file is damaged (its header is cut short).');
  let header: BackupHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch {
    throw new BackupError('The backup file is damaged (its header cannot be read).');
  }
  if (header.format !== 'loyalty-lens-backup') throw new BackupError('This is not a Loyalty Lens backup file.');
  if (header.version > BACKUP_FORMAT_VERSION) throw new BackupError(`This backup was made by a newer version of Loyalty Lens (format ${header.version}); update the app first.`);
  let payload = bytes.subarray(12 + headerLength);
  if (header.encryption) {
    if (!passphrase) throw new BackupError('This backup is encrypted: enter its passphrase.');
    const key = await deriveKey(passphrase, unb64(header.encryption.salt), header.encryption.iterations);
    try {
      payload = new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(header.encryption.iv) as BufferSource }, key, payload as BufferSource));
    } catch {
      throw new BackupError('The passphrase is wrong, or the backup file was changed.');
    }
  }
  if (hex(await crypto.subtle.digest('SHA-256', payload as BufferSource)) !== header.checksum) {
    throw new BackupError('The backup file is damaged (its checksum does not match).');
  }
  const tables = decodePayload(payload);
  for (const [name, count] of Object.entries(header.tables)) {
    if (!Array.isArray(tables[name]) || tables[name].length !== count) throw new BackupError(`The backup file is damaged (table ${name} is incomplete).`);
  }
  if (tables.dictionaries && !tables.dictionaries.every(isDictionaryRecord)) throw new BackupError('The backup file is damaged (a dictionary cannot be read).');
  return { header, tables };
}

function isDictionaryRecord(row: unknown): row is DictionaryRecord {
  const r = row as Partial<Record<keyof DictionaryRecord, unknown>> | null;
  if (!r || typeof r.datasetId !== 'string' || !DICTIONARY_NAMES.includes(r.name as DictionaryRecord['name'])) return false;
  return r.packed !== undefined ? isPackedStrings(r.packed) : Array.isArray(r.values) && r.values.every((v) => typeof v === 'string');
}

/**
 * A backup's tables as the current schema keeps them: the same moves as the schema upgrades (schema.ts), so
 * that a file written by an older version restores as if its database had been upgraded, and the large
 * dictionaries in the packed form a commit writes (format 1 kept them all as plain values).
 */
function upgradeTables(tables: Record<string, unknown[]>, schemaVersion: number): Record<string, unknown[]> {
  const out = { ...tables };
  if (schemaVersion < 2 && Array.isArray(out.settings)) {
    // Version 2: per-dataset settings (`costs:<datasetId>`, ...) moved from `settings` to `datasetSettings`.
    const { global, perDataset } = splitV1Settings(out.settings as SettingRecord[]);
    out.settings = global;
    out.datasetSettings = [...(out.datasetSettings ?? []), ...perDataset];
  }
  if (Array.isArray(out.dictionaries)) {
    out.dictionaries = (out.dictionaries as DictionaryRecord[]).map((r) => (r.packed ? r : dictionaryRecord(r.datasetId, r.name, r.values)));
  }
  return out;
}

/** Replaces everything stored with the backup's contents, in one transaction, after checking it all. */
export async function restoreBackup(db: LoyaltyDatabase, file: Blob, passphrase?: string): Promise<Record<string, number>> {
  const { header, tables: stored } = await readBackup(file, passphrase);
  if (header.schemaVersion > db.verno) throw new BackupError('This backup was made by a newer version of Loyalty Lens; update the app first.');
  const tables = upgradeTables(stored, header.schemaVersion);
  const known = new Set(db.tables.map((t) => t.name));
  for (const name of Object.keys(tables)) if (!known.has(name)) throw new BackupError(`The backup holds a table this version does not know (${name}).`);
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) {
      await table.clear();
      const rows = tables[table.name];
      if (rows?.length) await table.bulkAdd(rows);
    }
  });
  return header.tables;
}

/** Removes everything the app stored (every table), in one transaction. */
export async function deleteEverything(db: LoyaltyDatabase): Promise<void> {
  await db.transaction('rw', db.tables, async () => {
    for (const table of db.tables) await table.clear();
  });
}
