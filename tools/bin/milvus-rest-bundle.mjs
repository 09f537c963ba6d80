#!/usr/bin/env node
// `milvus-rest-bundle`: the spec package's `bundle` script, reached through the spec's declared
// dependency on @milvus-rest/tools (pnpm links this bin) rather than a path into tools/.
// Node 20 cannot run TypeScript by itself: tsx's loader runs tools/bundle.ts.
import { register } from 'tsx/esm/api';

register();
await import('../bundle.ts');
