// Semantic validators run after the schema check has confirmed the JSON types,
// so they read objects loosely typed. An absent field is never an error there:
// it is optional, filled by defaulting, or already reported by the schema's `required`.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type J = any;
