// Semantic validators run after the schema check has confirmed the JSON types,
// so they read objects loosely typed; absent fields are always allowed for
// (they are either optional or filled by defaulting).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type J = any;
