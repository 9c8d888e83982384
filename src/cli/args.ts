// The command line's flags (INTERFACES.md section 1), read into plain options. Anything wrong with them
// is a UsageError: exit status 1 with one sentence and the usage text, never a stack trace.
import type { SegmentMapId } from '../core/analytics/segment-maps.ts';
import type { TimeUnit } from '../core/clv/data.ts';
import { parseIsoDay } from '../core/ingest/dates.ts';
import { FORMAT_IDS, MAPPING_FIELDS, type ColumnMapping, type FormatId } from '../core/ingest/formats.ts';
import type { DateOrder } from '../core/ingest/date-text.ts';

export const USAGE = `usage: npm run --silent analyze -- FILE [FILE...] [options]

  --format auto|${FORMAT_IDS.join('|')}   (default auto: from the header)
  --map customer=COL,date=COL,value=COL[,order=COL,quantity=COL,sku=COL,currency=COL,marketplace=COL]
                               the columns of any other CSV, by header name or 1-based number
  --as-of YYYY-MM-DD           end of observation (default: the last order date in the data)
  --calibration-end YYYY-MM-DD fit the models on purchases up to this day; the rest is the holdout
  --time-unit day|week         unit of recency, T and the fitted rate parameters (default day)
  --horizon-days N             forecast horizon for expected purchases (default 90)
  --discount-monthly R         monthly discount rate for CLV, as a fraction (default 0.01)
  --segment-map amazon|classic segment map of the RFM segments (default amazon)
  --tiers FILE                 a tier rule set (JSON, see INTERFACES.md)
  --customers FILE             also write one CSV row per customer
  --date-order dmy|mdy         day/month order of dates such as 03/04/2024
  --pseudonymise SALT          keep only a salted SHA-256 of each customer identity
  --json                       print the result as one JSON object (otherwise readable tables)`;

export class UsageError extends Error {
  /** Whether the usage text helps (a wrong flag) or only distracts (a tier file with bad rules). */
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

export interface CliOptions {
  files: string[];
  json: boolean;
  format: FormatId | 'auto';
  mapping?: Partial<ColumnMapping>;
  asOf?: number;
  calibrationEnd?: number;
  timeUnit: TimeUnit;
  horizonDays: number;
  discountMonthly: number;
  segmentMap: SegmentMapId;
  tiersFile?: string;
  customersFile?: string;
  dateOrder?: DateOrder;
  pseudonymiseSalt?: string;
  help: boolean;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} takes ${allowed.join(', ')}, not "${value}"`);
}

function day(flag: string, value: string): number {
  const d = parseIsoDay(value);
  if (d === null) throw new UsageError(`${flag} takes a date as YYYY-MM-DD, not "${value}"`);
  return d;
}

/** `customer=Kundennummer,date=Bestelldatum,value=3`: the mapping of INTERFACES.md's --map. */
export function parseMapping(text: string): Partial<ColumnMapping> {
  const mapping: Partial<ColumnMapping> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const field = (eq < 0 ? part : part.slice(0, eq)).trim();
    const column = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (!(MAPPING_FIELDS as readonly string[]).includes(field)) {
      throw new UsageError(`--map: "${field}" is not a field; use ${MAPPING_FIELDS.join(', ')} (as field=COLUMN)`);
    }
    if (column === '') throw new UsageError(`--map: ${field} needs a column name or number (${field}=COLUMN)`);
    if (mapping[field as keyof ColumnMapping] !== undefined) throw new UsageError(`--map names ${field} twice`);
    mapping[field as keyof ColumnMapping] = column;
  }
  if (Object.keys(mapping).length === 0) throw new UsageError('--map needs at least one field=COLUMN');
  return mapping;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const o: CliOptions = {
    files: [], json: false, format: 'auto', timeUnit: 'day', horizonDays: 90, discountMonthly: 0.01,
    segmentMap: 'amazon', help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i];
    let inline: string | undefined;
    if (flag.startsWith('--') && flag.includes('=')) {
      inline = flag.slice(flag.indexOf('=') + 1);
      flag = flag.slice(0, flag.indexOf('='));
    }
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (flag) {
      case '--json': noValue(); o.json = true; break;
      case '--help': case '-h': noValue(); o.help = true; break;
      case '--format': o.format = oneOf(flag, value(), ['auto', ...FORMAT_IDS]); break;
      case '--map': o.mapping = parseMapping(value()); break;
      case '--as-of': o.asOf = day(flag, value()); break;
      case '--calibration-end': o.calibrationEnd = day(flag, value()); break;
      case '--time-unit': o.timeUnit = oneOf(flag, value(), ['day', 'week'] as const); break;
      case '--horizon-days': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v.trim()) || !(n >= 1) || n > 3650) throw new UsageError(`--horizon-days takes a whole number of days from 1 to 3650, not "${v}"`);
        o.horizonDays = n;
        break;
      }
      case '--discount-monthly': {
        const v = value();
        const r = Number(v);
        if (v.trim() === '' || !Number.isFinite(r) || r < 0 || r >= 1) {
          throw new UsageError(`--discount-monthly takes a monthly rate as a fraction from 0 to below 1 (0.01 is 1 % a month), not "${v}"`);
        }
        o.discountMonthly = r;
        break;
      }
      case '--segment-map': o.segmentMap = oneOf(flag, value(), ['amazon', 'classic'] as const); break;
      case '--tiers': o.tiersFile = value(); break;
      case '--customers': o.customersFile = value(); break;
      case '--date-order': o.dateOrder = oneOf(flag, value(), ['dmy', 'mdy'] as const); break;
      case '--pseudonymise': case '--pseudonymize': {
        const salt = value();
        if (salt === '') throw new UsageError(`${flag} needs a salt (any secret text, the same one every time)`);
        o.pseudonymiseSalt = salt;
        break;
      }
      default:
        if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
        o.files.push(flag);
    }
  }
  if (o.help) return o;
  if (o.files.length === 0) throw new UsageError('no input file given');
  if (o.calibrationEnd !== undefined && o.asOf !== undefined && o.calibrationEnd > o.asOf) {
    throw new UsageError('--calibration-end must not be after --as-of (the holdout runs from the one to the other)');
  }
  return o;
}
