// The unschedulable message exactly as kube-scheduler's FitError.Error()
// builds it: "0/N nodes are available: " + "<count> <reason>" entries sorted
// as strings, joined with ", ", and a trailing ".".

export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

export function fitErrorMessage(numAllNodes: number, reasons: ReadonlyMap<string, number>): string {
  if (numAllNodes === 0) return NO_NODES_MESSAGE;
  const parts: string[] = [];
  for (const [reason, count] of reasons) parts.push(`${count} ${reason}`);
  parts.sort();
  let msg = `0/${numAllNodes} nodes are available:`;
  if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  return msg;
}
