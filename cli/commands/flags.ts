// Option parsers shared by several commands.

/** commander parser for repeatable options (`-f a -f b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
