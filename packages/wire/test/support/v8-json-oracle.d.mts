/** A text that tells every JSON value apart (strings quoted, numbers tagged, -0 kept). */
export function canonical(value: unknown): string;
