// Finds `return` statements in the body of a vitest test (`it(...)`, `test(...)`, `it.each(...)(...)`):
// a test that returns before asserting passes without checking anything, and still counts in
// `N passed`. Returns inside functions nested in the test (callbacks, helpers) are theirs.

import ts from 'typescript';

const TEST_FUNCTIONS = new Set(['it', 'test']);

/** The name a call chain starts from: `it` for `it.each(rows)('...', fn)` and `it.skipIf(x)(...)`. */
function rootName(expression: ts.Expression): string | undefined {
  let node: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(node) || ts.isCallExpression(node)) node = node.expression;
  return ts.isIdentifier(node) ? node.text : undefined;
}

/** `file:line: statement` for each return directly in a test body. */
export function findEarlyReturns(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node, inTest: boolean): void => {
    if (ts.isCallExpression(node) && TEST_FUNCTIONS.has(rootName(node.expression) ?? '')) {
      const body = node.arguments.find((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
      if (body) {
        ts.forEachChild(body, (child) => visit(child, true));
        return;
      }
    }
    if (inTest && ts.isFunctionLike(node)) {
      ts.forEachChild(node, (child) => visit(child, false));
      return;
    }
    if (inTest && ts.isReturnStatement(node)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${fileName}:${line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, (child) => visit(child, inTest));
  };
  visit(source, false);
  return found;
}
