// Errors carry a stable code and a cause (DEVELOPERS.md: style).

export class EdgeplaneError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'EdgeplaneError';
  }
}
