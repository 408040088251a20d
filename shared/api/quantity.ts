// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource):
// `500m`, `128Mi`, `1.5Gi`, `2e3`, `1`. Values are kept exactly as an integer
// count of nano-units (BigInt) because Kubernetes compares and canonicalises them
// exactly; like Kubernetes, precision below 1n is rounded up (away from zero).

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface ParsedQuantity {
  /** value × 10^9, rounded away from zero */
  nanos: bigint;
  /** the notation the value was written in; canonical output keeps it, as Kubernetes does */
  format: QuantityFormat;
}

/** The regular expression Kubernetes quotes in its parse error. */
export const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const QUANTITY_ERROR = `quantities must match the regular expression '${QUANTITY_PATTERN}'`;

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const NANO = 10n ** 9n;
/** Larger exponents only burn memory; Kubernetes' own int64/inf.Dec paths are no more useful there. */
const MAX_EXPONENT = 1000;

const SHAPE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Divide rounding away from zero (inf.RoundUp). */
function divAway(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b === 0n ? q : a < 0n ? q - 1n : q + 1n;
}

/** Parse a quantity exactly; throws an Error with Kubernetes' message when malformed. */
export function parseQuantityExact(input: string | number): ParsedQuantity {
  const text = typeof input === 'number' ? numberText(input) : input;
  if (typeof text !== 'string' || text.length === 0) throw new Error(QUANTITY_ERROR);
  const m = SHAPE.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(QUANTITY_ERROR);
  const [, sign, intPart, fracPart = '', suffix] = m;
  let format: QuantityFormat;
  let exp10 = 0;
  let exp2 = 0;
  if (suffix in DECIMAL_SUFFIXES) {
    format = 'DecimalSI';
    exp10 = DECIMAL_SUFFIXES[suffix];
  } else if (suffix in BINARY_SUFFIXES) {
    format = 'BinarySI';
    exp2 = BINARY_SUFFIXES[suffix];
  } else if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    format = 'DecimalExponent';
    exp10 = Number(suffix.slice(1));
    if (Math.abs(exp10) > MAX_EXPONENT) throw new Error(QUANTITY_ERROR);
  } else {
    // Kubernetes distinguishes "unable to parse quantity's suffix"; both are the same 400 to a user.
    throw new Error(QUANTITY_ERROR);
  }
  let mantissa = BigInt((intPart + fracPart).replace(/^0+(?=.)/, '') || '0');
  if (sign === '-') mantissa = -mantissa;
  if (exp2) mantissa <<= BigInt(exp2);
  const scale = exp10 - fracPart.length + 9;
  const nanos = scale >= 0 ? mantissa * pow10(scale) : divAway(mantissa, pow10(-scale));
  return { nanos, format };
}

/** JSON numbers arrive as numbers (`cpu: 1`, `cpu: 0.5`); write them without JS's `1e+21` quirks where possible. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  return String(n).replace('e+', 'e');
}

export function isValidQuantity(value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number') return false;
  try {
    parseQuantityExact(value);
    return true;
  } catch {
    return false;
  }
}

/** The value as a JS number (bytes, cores, ...). Throws on malformed input. */
export function parseQuantity(value: string | number): number {
  const { nanos } = parseQuantityExact(value);
  return Number(nanos / NANO) + Number(nanos % NANO) / 1e9;
}

/** Milli-units rounded up, as `Quantity.MilliValue()`: CPU `500m` → 500, `1` → 1000. */
export function milli(value: string | number): number {
  return Number(divAway(parseQuantityExact(value).nanos, 10n ** 6n));
}

/** Compare two quantities exactly: -1, 0 or 1. */
export function compareQuantities(a: string | number, b: string | number): -1 | 0 | 1 {
  const x = parseQuantityExact(a).nanos;
  const y = parseQuantityExact(b).nanos;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Canonical text of a quantity, as `Quantity.String()`: `1000m` → `1`, `0.5` → `500m`,
 * `1.5Gi` → `1536Mi`, `2e3` stays `2e3`. A number is formatted in `format`
 * (default DecimalSI; use BinarySI for byte counts: 134217728 → `128Mi`).
 */
export function formatQuantity(value: string | number | ParsedQuantity, format?: QuantityFormat): string {
  const q = typeof value === 'object' ? value : parseQuantityExact(value);
  return canonical(q.nanos, format ?? (typeof value === 'number' ? 'DecimalSI' : q.format));
}

function canonical(nanos: bigint, requested: QuantityFormat): string {
  if (nanos === 0n) return '0';
  let format = requested;
  if (format === 'BinarySI') {
    // Small or fractional binary values are shown in decimal so nothing is rounded (CanonicalizeBytes).
    const abs = nanos < 0n ? -nanos : nanos;
    if (abs < 1024n * NANO || nanos % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let amount = nanos / NANO;
    let exp = 0;
    while (exp < 60 && amount % 1024n === 0n) {
      amount /= 1024n;
      exp += 10;
    }
    const suffix = Object.keys(BINARY_SUFFIXES).find((k) => BINARY_SUFFIXES[k] === exp) ?? '';
    return `${amount}${suffix}`;
  }
  // Strip factors of ten, then step the exponent down to a multiple of three (AsCanonicalBytes).
  let mantissa = nanos;
  let exp = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exp += 1;
  }
  const rem = ((exp % 3) + 3) % 3;
  mantissa *= pow10(rem);
  exp -= rem;
  if (format === 'DecimalExponent') return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  if (exp > 18) {
    mantissa *= pow10(exp - 18);
    exp = 18;
  }
  const suffix = Object.keys(DECIMAL_SUFFIXES).find((k) => DECIMAL_SUFFIXES[k] === exp) ?? '';
  return `${mantissa}${suffix}`;
}
