// IntOrString values (k8s.io/apimachinery/pkg/util/intstr): ports that may be
// numbers or names, and rollout bounds that may be counts or percentages.

export type IntOrString = number | string;

export function isIntOrString(v: unknown): v is IntOrString {
  return (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'string';
}

/**
 * intstr.GetScaledValueFromIntOrPercent: a count stays as is, `25%` of `total`
 * is rounded up or down as asked (Deployments round maxSurge up, maxUnavailable down).
 * Throws on a string that is not a percentage.
 */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^([0-9]+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * The value used to decide "is it zero" in rollout validation
 * (getIntOrPercentValue): an int, or the number before '%' (NaN-free: non-percent strings count as 0).
 */
export function intOrPercentValue(v: IntOrString | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^([0-9]+)%$/.exec(v);
  return m ? Number(m[1]) : 0;
}
