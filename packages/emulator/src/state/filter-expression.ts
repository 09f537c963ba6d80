// The filter language (`filter` of query, get, search and delete), as far as the emulator speaks
// it. Milvus parses a much larger grammar (arithmetic, JSON paths, array and text functions, ...);
// the emulator evaluates a documented subset exactly and answers everything else with code 1100,
// "... is not supported by the emulator", rather than guessing:
//
//   comparisons        ==  !=  <  <=  >  >=      field op literal, literal op field, field op field
//   ranges             1960 < year <= 1970       both operators pointing the same way
//   membership         id in [1, 2]  id not in {ids}
//   patterns           title like 'Dune%'        % any run of characters, _ one character, \ escapes
//   nulls              note is null  note is not null
//   logic              and && or || not !  and parentheses; a Bool field alone is a condition
//   literals           integers (exact int64), decimals, 'single' or "double" quoted strings,
//                      true/false, [lists], {placeholders} filled from exprParams
//
// Keywords are read in lower or upper case. Keys of the dynamic field are named bare (`year > 1960`)
// when the collection has one. A comparison with a null, a missing dynamic key or a value of
// another type is unknown (SQL's three-valued logic), so neither `==` nor `!=` matches it.

import { ApiError, ErrorCode } from '../api-error.js';

/** A value a filter compares: int64s are bigints so that every digit counts. */
export type FilterLiteral = bigint | number | string | boolean | FilterLiteral[];

/** What the filter knows of one field of the schema. */
export type FilterField = { name: string; type: string };

/** The collection a filter reads. */
export type FilterSchema = {
  fields: ReadonlyMap<string, FilterField>;
  primaryKey: string;
  /** Whether unknown names are keys of the dynamic field (else they are an error). */
  dynamicField: boolean;
};

/** Reads a row's value for a name: a schema field or a key of the dynamic field (undefined when absent). */
export type RowReader = (name: string) => unknown;

/** A filter ready to run against rows. */
export type CompiledFilter = {
  matches(row: RowReader): boolean;
  /**
   * The primary keys a filter names when it is only `<pk> in [...]` or `<pk> == x`, as given (the
   * server's delete takes this path without querying); undefined for any other filter.
   */
  primaryKeys: readonly FilterLiteral[] | undefined;
};

type Truth = boolean | null;
type Operand = { kind: 'field'; name: string } | { kind: 'literal'; value: FilterLiteral };
type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'in'; field: string; values: FilterLiteral[]; negated: boolean }
  | { kind: 'like'; field: string; pattern: RegExp }
  | { kind: 'isNull'; field: string; negated: boolean }
  | { kind: 'bool'; operand: Operand };

type Token =
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'number'; value: bigint | number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'placeholder'; name: string; at: number }
  | { kind: 'op'; text: string; at: number }
  | { kind: 'end'; at: number };

const COMPARE_OPS = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);
const ARITHMETIC = new Set<string>(['+', '-', '*', '/', '%', '**']);
const INTEGER_TYPES = new Set(['Int8', 'Int16', 'Int32', 'Int64']);
const FLOAT_TYPES = new Set(['Float', 'Double']);
const STRING_TYPES = new Set(['VarChar', 'String', 'Text']);

/** The answer to a filter the emulator cannot read: code 1100, in the server's wording. */
class FilterProblem extends Error {}

function filterError(expression: string, detail: string): ApiError {
  return new ApiError(
    ErrorCode.InvalidParameter,
    `failed to create query plan: cannot parse expression: ${expression}, error: ${detail}: invalid parameter`,
  );
}

function unsupported(what: string): FilterProblem {
  return new FilterProblem(`${what} is not supported by the emulator`);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const at = i;
    if (/[A-Za-z_]/.test(char)) {
      let end = i + 1;
      while (end < text.length && /[A-Za-z0-9_]/.test(text[end] as string)) end++;
      tokens.push({ kind: 'ident', text: text.slice(i, end), at });
      i = end;
      continue;
    }
    if (/[0-9]/.test(char) || (char === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i)) as RegExpExecArray;
      const literal = match[0];
      if (/[A-Za-z_]/.test(text[i + literal.length] ?? '')) {
        throw new FilterProblem(
          `invalid number ${text.slice(i).split(/[\s,)\]]/)[0]} (only decimal numbers are supported by the emulator)`,
        );
      }
      tokens.push({ kind: 'number', value: /^\d+$/.test(literal) ? BigInt(literal) : Number(literal), at });
      i += literal.length;
      continue;
    }
    if (char === '"' || char === "'") {
      let value = '';
      let end = i + 1;
      for (;;) {
        const next = text[end];
        if (next === undefined) throw new FilterProblem(`unterminated string starting at position ${at}`);
        if (next === char) break;
        if (next === '\\') {
          const escaped = text[end + 1];
          const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '%': '\\%', _: '\\_' };
          if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(end + 2, end + 6))) {
            value += String.fromCharCode(Number.parseInt(text.slice(end + 2, end + 6), 16));
            end += 6;
            continue;
          }
          if (escaped === undefined || !(escaped in simple)) throw new FilterProblem(`invalid escape \\${escaped ?? ''} in a string`);
          // `\%` and `\_` keep their backslash: only a like pattern gives them a meaning.
          value += simple[escaped];
          end += 2;
          continue;
        }
        value += next;
        end++;
      }
      tokens.push({ kind: 'string', value, at });
      i = end + 1;
      continue;
    }
    if (char === '{') {
      const match = /^\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/.exec(text.slice(i));
      if (!match) throw new FilterProblem(`invalid template placeholder at position ${at}`);
      tokens.push({ kind: 'placeholder', name: match[1] as string, at });
      i += match[0].length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||', '**'].includes(two)) {
      tokens.push({ kind: 'op', text: two, at });
      i += 2;
      continue;
    }
    if ('<>()[],!+-*/%'.includes(char)) {
      tokens.push({ kind: 'op', text: char, at });
      i++;
      continue;
    }
    if (char === '=') throw new FilterProblem(`a single = at position ${at} (compare with ==)`);
    throw new FilterProblem(`the character ${JSON.stringify(char)} at position ${at} is not supported by the emulator`);
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

function keyword(token: Token, ...words: string[]): boolean {
  return token.kind === 'ident' && words.includes(token.text.toLowerCase());
}

function isOp(token: Token, ...ops: string[]): boolean {
  return token.kind === 'op' && ops.includes(token.text);
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'ident':
      return `"${token.text}"`;
    case 'op':
      return `"${token.text}"`;
    case 'string':
      return `the string ${JSON.stringify(token.value)}`;
    case 'number':
      return `the number ${String(token.value)}`;
    case 'placeholder':
      return `{${token.name}}`;
  }
}

class Parser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly params: ReadonlyMap<string, FilterLiteral>,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private fail(expected: string): never {
    const token = this.peek();
    throw new FilterProblem(`expected ${expected} at position ${token.at}, found ${describeToken(token)}`);
  }

  parse(): Node {
    const node = this.or();
    if (this.peek().kind !== 'end') this.fail('and, or, or the end of the expression');
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (keyword(this.peek(), 'or') || isOp(this.peek(), '||')) {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (keyword(this.peek(), 'and') || isOp(this.peek(), '&&')) {
      this.next();
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Node {
    if ((keyword(this.peek(), 'not') && !keyword(this.peek(1), 'in')) || isOp(this.peek(), '!')) {
      this.next();
      return { kind: 'not', operand: this.not() };
    }
    return this.predicate();
  }

  private predicate(): Node {
    if (isOp(this.peek(), '(')) {
      this.next();
      const inner = this.or();
      if (!isOp(this.peek(), ')')) this.fail('")"');
      this.next();
      this.noArithmetic();
      return inner;
    }
    const left = this.operand();
    const token = this.peek();
    if (token.kind === 'op' && COMPARE_OPS.has(token.text)) {
      this.next();
      const right = this.operand();
      const op = token.text as CompareOp;
      const after = this.peek();
      if (after.kind === 'op' && COMPARE_OPS.has(after.text)) {
        this.next();
        const upper = this.operand();
        const second = after.text as CompareOp;
        const ascending = (value: string) => value === '<' || value === '<=';
        const descending = (value: string) => value === '>' || value === '>=';
        if (right.kind !== 'field' || !((ascending(op) && ascending(second)) || (descending(op) && descending(second)))) {
          throw new FilterProblem('a chained comparison must be a range such as 1 < field <= 5');
        }
        return {
          kind: 'and',
          left: { kind: 'compare', op, left, right },
          right: { kind: 'compare', op: second, left: right, right: upper },
        };
      }
      return { kind: 'compare', op, left, right };
    }
    if (keyword(token, 'not') && keyword(this.peek(1), 'in')) {
      this.next();
      this.next();
      return { kind: 'in', field: this.fieldOf(left, 'in'), values: this.list(), negated: true };
    }
    if (keyword(token, 'in')) {
      this.next();
      return { kind: 'in', field: this.fieldOf(left, 'in'), values: this.list(), negated: false };
    }
    if (keyword(token, 'like')) {
      this.next();
      const pattern = this.operand();
      if (pattern.kind !== 'literal' || typeof pattern.value !== 'string') throw new FilterProblem('like needs a string pattern');
      return { kind: 'like', field: this.fieldOf(left, 'like'), pattern: likePattern(pattern.value) };
    }
    if (keyword(token, 'is')) {
      this.next();
      const negated = keyword(this.peek(), 'not');
      if (negated) this.next();
      if (!keyword(this.peek(), 'null')) this.fail('null');
      this.next();
      return { kind: 'isNull', field: this.fieldOf(left, 'is null'), negated };
    }
    return { kind: 'bool', operand: left };
  }

  private fieldOf(operand: Operand, operator: string): string {
    if (operand.kind !== 'field') throw new FilterProblem(`the left side of ${operator} must be a field`);
    return operand.name;
  }

  private noArithmetic(): void {
    const token = this.peek();
    if (token.kind === 'op' && ARITHMETIC.has(token.text)) throw unsupported(`arithmetic (${token.text})`);
  }

  private list(): FilterLiteral[] {
    const operand = this.operand();
    if (operand.kind !== 'literal' || !Array.isArray(operand.value))
      throw new FilterProblem('in needs a list such as [1, 2] or a {placeholder}');
    return operand.value;
  }

  private operand(): Operand {
    const operand = this.bareOperand();
    this.noArithmetic();
    return operand;
  }

  private bareOperand(): Operand {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { kind: 'literal', value: token.value };
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'placeholder': {
        const value = this.params.get(token.name);
        if (value === undefined) throw new FilterProblem(`the template variable {${token.name}} has no value in exprParams`);
        return { kind: 'literal', value };
      }
      case 'ident': {
        const lower = token.text.toLowerCase();
        if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
        if (['and', 'or', 'not', 'in', 'like', 'is', 'null'].includes(lower)) {
          throw new FilterProblem(`unexpected keyword ${token.text} at position ${token.at}`);
        }
        if (isOp(this.peek(), '(')) throw unsupported(`the function ${token.text}()`);
        if (isOp(this.peek(), '[')) throw unsupported(`element access ${token.text}[...] (JSON paths and array indexes)`);
        return { kind: 'field', name: token.text };
      }
      case 'op':
        if (token.text === '-' && this.peek().kind === 'number') {
          const number = this.next() as Extract<Token, { kind: 'number' }>;
          return { kind: 'literal', value: -number.value };
        }
        if (token.text === '[') return { kind: 'literal', value: this.listLiteral() };
        if (ARITHMETIC.has(token.text)) throw unsupported(`arithmetic (${token.text})`);
        this.index--;
        return this.fail('a field or a value');
      default:
        this.index--;
        return this.fail('a field or a value');
    }
  }

  private listLiteral(): FilterLiteral[] {
    const values: FilterLiteral[] = [];
    if (isOp(this.peek(), ']')) {
      this.next();
      return values;
    }
    for (;;) {
      const item = this.operand();
      if (item.kind !== 'literal') throw new FilterProblem('a list holds values, not fields');
      values.push(item.value);
      if (isOp(this.peek(), ',')) {
        this.next();
        if (isOp(this.peek(), ']')) {
          this.next();
          return values;
        }
        continue;
      }
      if (isOp(this.peek(), ']')) {
        this.next();
        return values;
      }
      this.fail('"," or "]"');
    }
  }
}

/** A like pattern as an anchored regular expression: % is any run, _ one character, \ escapes. */
function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern[i + 1];
      i++;
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

/** Orders strings by code point, the UTF-8 byte order the server compares VarChar values in. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function isNumeric(value: unknown): value is bigint | number {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isFinite(value));
}

/** How two values order, or undefined when they cannot be compared (different kinds, nulls). */
export function compareValues(a: unknown, b: unknown): number | undefined {
  if (isNumeric(a) && isNumeric(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
    // An int64 against a whole number stays exact; against a fraction, doubles decide.
    const [x, y] = [a, b].map((value) => (typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value));
    if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
    const [p, q] = [Number(x), Number(y)];
    return p < q ? -1 : p > q ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return undefined;
}

function literalType(value: FilterLiteral): string {
  if (typeof value === 'bigint') return 'Int64';
  if (typeof value === 'number') return 'Double';
  if (typeof value === 'string') return 'VarChar';
  if (typeof value === 'boolean') return 'Bool';
  return 'Array';
}

/** Checks a field against the values it is compared with, as the server's planner does. */
class TypeChecker {
  constructor(private readonly schema: FilterSchema) {}

  /** The field's type, `dynamic` for a key of the dynamic field; fails for unknown names. */
  typeOf(name: string): string {
    const field = this.schema.fields.get(name);
    if (field) return field.type;
    if (this.schema.dynamicField) return 'dynamic';
    throw new FilterProblem(`field ${name} not exist`);
  }

  /** Whether the field type can be compared at all, and with this value. */
  check(name: string, value: FilterLiteral, ordering: boolean): void {
    const type = this.typeOf(name);
    if (type === 'dynamic' || type === 'JSON') {
      if (Array.isArray(value)) throw unsupported('comparing a JSON value with a list');
      return;
    }
    if (type === 'Array' || type.endsWith('Vector') || type === 'ArrayOfStruct' || type === 'ArrayOfVector') {
      throw unsupported(`a comparison on the ${type} field ${name}`);
    }
    const numeric = INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type);
    if (!numeric && !STRING_TYPES.has(type) && type !== 'Bool') throw unsupported(`a comparison on the ${type} field ${name}`);
    const fits = numeric ? isNumeric(value) : STRING_TYPES.has(type) ? typeof value === 'string' : typeof value === 'boolean';
    if (!fits) throw new FilterProblem(`comparisons between ${type} and ${literalType(value)} are not supported`);
    if (ordering && type === 'Bool') throw new FilterProblem(`the Bool field ${name} can only be compared with == or !=`);
  }

  checkFields(left: string, right: string): void {
    const [a, b] = [this.typeOf(left), this.typeOf(right)];
    const kind = (type: string) =>
      INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type) ? 'number' : STRING_TYPES.has(type) ? 'string' : type === 'Bool' ? 'bool' : type;
    if (a === 'dynamic' || b === 'dynamic' || a === 'JSON' || b === 'JSON') throw unsupported('comparing two fields when one is JSON');
    if (kind(a) !== kind(b) || !['number', 'string', 'bool'].includes(kind(a))) {
      throw new FilterProblem(`comparisons between ${a} and ${b} are not supported`);
    }
  }
}

function checkTypes(node: Node, checker: TypeChecker): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      checkTypes(node.left, checker);
      checkTypes(node.right, checker);
      return;
    case 'not':
      checkTypes(node.operand, checker);
      return;
    case 'compare': {
      const ordering = node.op !== '==' && node.op !== '!=';
      const { left, right } = node;
      if (left.kind === 'field' && right.kind === 'field') checker.checkFields(left.name, right.name);
      else if (left.kind === 'field' && right.kind === 'literal') checker.check(left.name, right.value, ordering);
      else if (left.kind === 'literal' && right.kind === 'field') checker.check(right.name, left.value, ordering);
      else throw new FilterProblem('a comparison needs at least one field');
      return;
    }
    case 'in':
      for (const value of node.values) checker.check(node.field, value, false);
      if (node.values.length === 0) checker.typeOf(node.field);
      return;
    case 'like': {
      const type = checker.typeOf(node.field);
      if (!STRING_TYPES.has(type) && type !== 'dynamic' && type !== 'JSON')
        throw new FilterProblem(`like needs a VarChar field, not ${type}`);
      return;
    }
    case 'isNull':
      checker.typeOf(node.field);
      return;
    case 'bool': {
      const { operand } = node;
      if (operand.kind === 'literal') {
        if (typeof operand.value !== 'boolean') throw new FilterProblem(`${String(operand.value)} is not a condition`);
        return;
      }
      const type = checker.typeOf(operand.name);
      if (type !== 'Bool' && type !== 'dynamic' && type !== 'JSON')
        throw new FilterProblem(`the ${type} field ${operand.name} is not a condition`);
      return;
    }
  }
}

function readOperand(operand: Operand, row: RowReader): unknown {
  return operand.kind === 'literal' ? operand.value : row(operand.name);
}

function equal(a: unknown, b: unknown): boolean | null {
  const order = compareValues(a, b);
  return order === undefined ? null : order === 0;
}

function evaluate(node: Node, row: RowReader): Truth {
  switch (node.kind) {
    case 'and': {
      const left = evaluate(node.left, row);
      if (left === false) return false;
      const right = evaluate(node.right, row);
      if (right === false) return false;
      return left === null || right === null ? null : true;
    }
    case 'or': {
      const left = evaluate(node.left, row);
      if (left === true) return true;
      const right = evaluate(node.right, row);
      if (right === true) return true;
      return left === null || right === null ? null : false;
    }
    case 'not': {
      const value = evaluate(node.operand, row);
      return value === null ? null : !value;
    }
    case 'compare': {
      const order = compareValues(readOperand(node.left, row), readOperand(node.right, row));
      if (order === undefined) return null;
      switch (node.op) {
        case '==':
          return order === 0;
        case '!=':
          return order !== 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
      }
      return null;
    }
    case 'in': {
      const value = row(node.field);
      if (value === null || value === undefined) return null;
      let unknown = false;
      for (const candidate of node.values) {
        const same = equal(value, candidate);
        if (same === true) return !node.negated;
        if (same === null) unknown = true;
      }
      return unknown ? null : node.negated;
    }
    case 'like': {
      const value = row(node.field);
      return typeof value === 'string' ? node.pattern.test(value) : null;
    }
    case 'isNull': {
      const value = row(node.field);
      const isNull = value === null || value === undefined;
      return node.negated ? !isNull : isNull;
    }
    case 'bool': {
      const value = readOperand(node.operand, row);
      return typeof value === 'boolean' ? value : null;
    }
  }
}

function primaryKeysOf(node: Node, primaryKey: string): FilterLiteral[] | undefined {
  if (node.kind === 'in' && !node.negated && node.field === primaryKey) return node.values;
  if (node.kind === 'compare' && node.op === '==') {
    if (node.left.kind === 'field' && node.left.name === primaryKey && node.right.kind === 'literal') return [node.right.value];
    if (node.right.kind === 'field' && node.right.name === primaryKey && node.left.kind === 'literal') return [node.left.value];
  }
  return undefined;
}

/**
 * Parses and type-checks a filter for a collection. `params` are the exprParams values (int64s as
 * bigints). Throws the server's 1100 for a filter that does not parse or check, and for anything
 * outside the subset described at the top of this file.
 */
export function compileFilter(
  expression: string,
  schema: FilterSchema,
  params: ReadonlyMap<string, FilterLiteral> = new Map(),
): CompiledFilter {
  if (expression.trim() === '') return { matches: () => true, primaryKeys: undefined };
  try {
    const node = new Parser(tokenize(expression), params).parse();
    checkTypes(node, new TypeChecker(schema));
    return { matches: (row) => evaluate(node, row) === true, primaryKeys: primaryKeysOf(node, schema.primaryKey) };
  } catch (error) {
    if (error instanceof FilterProblem) throw filterError(expression, error.message);
    throw error;
  }
}
