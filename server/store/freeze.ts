// Deep-freezing: objects are frozen once when they enter the store (write or
// load), so reads can hand out the stored instance itself without cloning and
// a shallow copy of the state map is a consistent snapshot.

export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
  } else {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
