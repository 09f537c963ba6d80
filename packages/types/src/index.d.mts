// The entry ESM consumers resolve (`import` condition). The declarations themselves are CommonJS-format
// `.d.ts` files, so that one copy serves both `import` and `require` consumers with identical types
// (an ESM declaration cannot be imported from a CommonJS file; the reverse is allowed).
export * from './index.js';
