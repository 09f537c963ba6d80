// The filter subset the emulator evaluates (state/filter-expression.ts): each construct against a
// few rows, int64s compared exactly, and everything outside the subset refused with code 1100.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/api-error.js';
import { compileFilter, type FilterLiteral, type FilterSchema } from '../src/state/filter-expression.js';

const schema: FilterSchema = {
  primaryKey: 'id',
  dynamicField: true,
  fields: new Map(
    [
      ['id', 'Int64'],
      ['title', 'VarChar'],
      ['year', 'Int32'],
      ['rating', 'Float'],
      ['available', 'Bool'],
      ['note', 'VarChar'],
      ['tags', 'Array'],
      ['vector', 'FloatVector'],
    ].map(([name, type]) => [name as string, { name: name as string, type: type as string }]),
  ),
};

type Row = Record<string, unknown>;
const rows: Row[] = [
  { id: 449503829274509312n, title: 'Dune', year: 1965, rating: 4.5, available: true, note: null, genre: 'sf' },
  { id: 449503829274509313n, title: 'Dune Messiah', year: 1969, rating: 3.9, available: false, note: 'sequel' },
  { id: 449503829274509314n, title: 'Solaris', year: 1961, rating: 4.2, available: true, note: 'classic', genre: 'sf' },
  { id: 449503829274509315n, title: "O'Brien 100%", year: 2001, rating: 2.0, available: true, note: null, genre: 7 },
];

function matching(filter: string, params: Record<string, FilterLiteral> = {}): string[] {
  const compiled = compileFilter(filter, schema, new Map(Object.entries(params)));
  return rows.filter((row) => compiled.matches((name) => row[name])).map((row) => String(row.id).slice(-3));
}

function refusal(filter: string, params: Record<string, FilterLiteral> = {}): ApiError {
  try {
    compileFilter(filter, schema, new Map(Object.entries(params)));
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`${filter} was accepted`);
}

describe('the filter subset', () => {
  it.each([
    ['', ['312', '313', '314', '315']],
    ['year > 1961', ['312', '313', '315']],
    ['year >= 1961 and year <= 1965', ['312', '314']],
    ['1961 <= year < 1969', ['312', '314']],
    ['1969 > year > 1961', ['312']],
    ['year == 1965 || year == 2001', ['312', '315']],
    ['not (year > 1961)', ['314']],
    ['!(year > 1961) or title == "Dune"', ['312', '314']],
    ['year != 1965 && rating < 4.0', ['313', '315']],
    ['title like "Dune%"', ['312', '313']],
    ["title like '%100\\%'", ['315']],
    ["title like 'S_laris'", ['314']],
    ["title == 'O\\'Brien 100%'", ['315']],
    ['title in ["Dune", "Solaris"]', ['312', '314']],
    ['title not in ["Dune", "Solaris"]', ['313', '315']],
    ['available', ['312', '314', '315']],
    ['available == false', ['313']],
    ['note is null', ['312', '315']],
    ['note IS NOT NULL', ['313', '314']],
    ['year > rating', ['312', '313', '314', '315']],
    ['YEAR_X > 1', []],
    ['genre == "sf"', ['312', '314']],
    ['genre != "sf"', []],
    ['genre == 7', ['315']],
    ['id in [449503829274509313, 449503829274509315]', ['313', '315']],
    ['id > 449503829274509313', ['314', '315']],
    ['id == 449503829274509312.0', ['312']],
    ['TRUE', ['312', '313', '314', '315']],
  ])('%s', (filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });

  it('keeps every digit of int64 literals and template values', () => {
    // 449503829274509313 and ...312 are the same double: only exact comparison tells them apart.
    expect(matching('id == 449503829274509313')).toEqual(['313']);
    expect(matching('id in {ids}', { ids: [449503829274509313n, 449503829274509315n] })).toEqual(['313', '315']);
    expect(matching('year > {year} and title like {prefix}', { year: 1962n, prefix: 'Dune%' })).toEqual(['312', '313']);
  });

  it('treats a comparison with null, a missing key or another type as unknown: neither == nor != matches', () => {
    expect(matching('note == "sequel"')).toEqual(['313']);
    expect(matching('note != "sequel"')).toEqual(['314']);
    expect(matching('not (note == "sequel")')).toEqual(['314']);
    expect(matching('note == "sequel" or year == 2001')).toEqual(['313', '315']);
  });

  it('names the primary keys of a filter that is only a key lookup', () => {
    const named = (filter: string) => compileFilter(filter, schema).primaryKeys;
    expect(named('id in [449503829274509312, 449503829274509399]')).toEqual([449503829274509312n, 449503829274509399n]);
    expect(named('id == 449503829274509312')).toEqual([449503829274509312n]);
    expect(named('id in [1] and year > 1')).toBeUndefined();
    expect(named('id not in [1]')).toBeUndefined();
  });
});

describe('filters outside the subset', () => {
  it.each([
    ['json_contains(tags, "a")', 'the function json_contains() is not supported by the emulator'],
    ['meta["a"] > 1', 'element access meta[...] (JSON paths and array indexes) is not supported by the emulator'],
    ['year + 1 > 1966', 'arithmetic (+) is not supported by the emulator'],
    ['year > 1960 * 2', 'arithmetic (*) is not supported by the emulator'],
    ['tags == "a"', 'a comparison on the Array field tags is not supported by the emulator'],
    ['year > 0x10', 'invalid number 0x10 (only decimal numbers are supported by the emulator)'],
  ])('refuses %s', (filter, detail) => {
    const error = refusal(filter);
    expect(error.code).toBe(1100);
    expect(error.message).toBe(`failed to create query plan: cannot parse expression: ${filter}, error: ${detail}: invalid parameter`);
  });

  it.each([
    ['year >> 1960', 'expected a field or a value at position 6, found ">"'],
    ['year = 1960', 'a single = at position 5 (compare with ==)'],
    ['(year > 1960', 'expected ")" at position 12, found the end of the expression'],
    ['title == 1', 'comparisons between VarChar and Int64 are not supported'],
    ['year < "x"', 'comparisons between Int32 and VarChar are not supported'],
    ['available > true', 'the Bool field available can only be compared with == or !='],
    ['year > {missing}', 'the template variable {missing} has no value in exprParams'],
    ['vector > 1', 'a comparison on the FloatVector field vector is not supported by the emulator'],
    ['1 < year > 5', 'a chained comparison must be a range such as 1 < field <= 5'],
    ['"a" == "b"', 'a comparison needs at least one field'],
  ])('answers %s with the reason', (filter, detail) => {
    expect(refusal(filter).message).toBe(
      `failed to create query plan: cannot parse expression: ${filter}, error: ${detail}: invalid parameter`,
    );
  });

  it('refuses unknown names when the collection has no dynamic field', () => {
    const strict = { ...schema, dynamicField: false };
    expect(() => compileFilter('genre == "sf"', strict)).toThrow('error: field genre not exist: invalid parameter');
  });
});
