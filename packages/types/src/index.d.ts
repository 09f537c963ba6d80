// The public surface of @milvus-rest/types: the generated `paths`, `components` and `operations`,
// one named type per schema (`RefreshJob`, `RefreshJobState`, ...), and the int64 types.
export * from './generated/openapi.js';
export type { Int64, Int64Input } from './int64.js';
