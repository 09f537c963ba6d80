// Vector row values in the encodings the Milvus REST server reads and writes.
import { describe, expect, it } from 'vitest';
import {
  bfloat16Vector,
  binaryVector,
  decodeBFloat16Vector,
  decodeBinaryVector,
  decodeFloat16Vector,
  decodeInt8Vector,
  decodeSparseVector,
  float16Vector,
  floatVector,
  int8Vector,
  MilvusInvalidArgumentError,
  packBits,
  sparseVector,
} from '../src/index.js';
import { bfloat16BitsToNumber, float16BitsToNumber, float32ToBFloat16Bits, float32ToFloat16Bits } from '../src/vectors.js';

describe('float32ToFloat16Bits rounds to the nearest half, ties to even', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [1 / 3, 0x3555],
    [65504, 0x7bff],
    [65519, 0x7bff],
    [65520, 0x7c00], // halfway to the next (infinite) step: ties to even, which is infinity
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [3 * 2 ** -26, 0x0001], // above half of it: rounds up
    [2 ** -25, 0x0000], // exactly half of it: ties to even, zero
    [0, 0x0000],
    [-0, 0x8000],
    [1 + 2 ** -11, 0x3c00], // halfway between 0x3c00 and 0x3c01: the even one
    [1 + 3 * 2 ** -11, 0x3c02], // halfway between 0x3c01 and 0x3c02: the even one
    [Number.POSITIVE_INFINITY, 0x7c00],
    [Number.NEGATIVE_INFINITY, 0xfc00],
  ])('%s -> %s', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it('keeps NaN a NaN', () => {
    expect(Number.isNaN(float16BitsToNumber(float32ToFloat16Bits(Number.NaN)))).toBe(true);
  });

  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x7bff, 65504],
    [0x0001, 2 ** -24],
    [0x0400, 2 ** -14],
    [0x8000, -0],
    [0x7c00, Number.POSITIVE_INFINITY],
  ])('decodes %s to %s', (bits, value) => {
    expect(float16BitsToNumber(bits)).toBe(value);
  });
});

describe('float32ToBFloat16Bits rounds to the nearest bfloat16, ties to even', () => {
  it.each([
    [1, 0x3f80, 1],
    [-2.5, 0xc020, -2.5],
    [1.00390625, 0x3f80, 1], // 0x3f808000: halfway, the even one
    [1.01171875, 0x3f82, 1.015625], // 0x3f818000: halfway, the even one
    [1.0078125, 0x3f81, 1.0078125],
    [3.15, 0x404a, 3.15625], // 0x4049999a: rounds up
    [0, 0x0000, 0],
    [Number.POSITIVE_INFINITY, 0x7f80, Number.POSITIVE_INFINITY],
  ])('%s -> %s', (value, bits, back) => {
    expect(float32ToBFloat16Bits(value)).toBe(bits);
    expect(bfloat16BitsToNumber(bits)).toBe(back);
  });
});

describe('row values', () => {
  it('floatVector turns a Float32Array into a JSON number array', () => {
    expect(floatVector(new Float32Array([0.5, -1.25, 3]))).toEqual([0.5, -1.25, 3]);
    expect(floatVector([0.1, 0.2])).toEqual([0.1, 0.2]);
  });

  it.each([
    ['float16Vector', () => float16Vector([1, -2]), 'ADwAwA=='],
    ['bfloat16Vector (the server source example)', () => bfloat16Vector(new Float32Array([1, 1, 1, 1])), 'gD+AP4A/gD8='],
    ['binaryVector', () => binaryVector(new Uint8Array([0b1011_0000])), 'sA=='],
    [
      'binaryVector of packed bits',
      () => binaryVector(packBits([1, 0, 1, 1, 0, 0, 0, 0, true, false, false, false, false, false, false, true])),
      'sIE=',
    ],
  ])('%s writes little-endian base64', (_name, make, expected) => {
    expect(make()).toBe(expected);
  });

  it('int8Vector checks the int8 range and keeps a plain array', () => {
    expect(int8Vector(new Int8Array([-128, 0, 127]))).toEqual([-128, 0, 127]);
    expect(int8Vector([5, -5])).toEqual([5, -5]);
  });

  it.each([
    [
      'a sparse Map',
      new Map([
        [1024, 0.125],
        [3, 0.5],
      ]),
    ],
    ['a sparse record', { 1024: 0.125, '3': 0.5 }],
    ['parallel typed arrays', { indices: new Uint32Array([1024, 3]), values: new Float32Array([0.125, 0.5]) }],
  ])('sparseVector reads %s', (_name, input) => {
    const value = sparseVector(input);
    expect(value).toEqual({ '3': 0.5, '1024': 0.125 });
    expect(JSON.stringify(value)).toBe('{"3":0.5,"1024":0.125}');
  });

  it('sparseVector accepts the largest index the server allows', () => {
    expect(sparseVector(new Map([[4294967294, 1]]))).toEqual({ '4294967294': 1 });
  });
});

describe('row values that would be rejected or lose information throw', () => {
  it.each([
    ['an empty float vector', () => floatVector([])],
    ['a NaN in a float vector', () => floatVector([1, Number.NaN])],
    ['an infinite float16', () => float16Vector([1, Number.POSITIVE_INFINITY])],
    ['a float16 beyond 65504', () => float16Vector([70000])],
    ['a bfloat16 beyond the float range', () => bfloat16Vector([3.4e38])],
    ['an empty binary vector', () => binaryVector(new Uint8Array(0))],
    ['bits that do not fill whole bytes', () => packBits([1, 0, 1])],
    ['a bit that is not 0 or 1', () => packBits([2, 0, 0, 0, 0, 0, 0, 0])],
    ['an int8 above 127', () => int8Vector([128])],
    ['a fractional int8', () => int8Vector([1.5])],
    ['a sparse index of 2^32 - 1', () => sparseVector(new Map([[4294967295, 1]]))],
    ['a negative sparse index', () => sparseVector(new Map([[-1, 1]]))],
    ['a repeated sparse index', () => sparseVector({ indices: [3, 3], values: [1, 2] })],
    ['sparse arrays of different lengths', () => sparseVector({ indices: [1, 2], values: [1] })],
    ['a NaN sparse value', () => sparseVector({ '7': Number.NaN })],
    ['a sparse key that is not an index', () => sparseVector({ x: 1 })],
  ])('%s', (_name, make) => {
    expect(make).toThrow(MilvusInvalidArgumentError);
  });
});

describe('values read back from the server', () => {
  it('decodes float16 and bfloat16 base64 to numbers', () => {
    expect(Array.from(decodeFloat16Vector('ADwAwA=='))).toEqual([1, -2]);
    expect(Array.from(decodeBFloat16Vector('gD+AP4A/gD8='))).toEqual([1, 1, 1, 1]);
  });

  it('round-trips numbers that are exact in the 16-bit types', () => {
    const values = [0.5, 0.25, -1024, 0.0999755859375, 2 ** -24];
    expect(Array.from(decodeFloat16Vector(float16Vector(values)))).toEqual(values);
    const brainValues = [1, -2.5, 3.140625, 2 ** -100];
    expect(Array.from(decodeBFloat16Vector(bfloat16Vector(brainValues)))).toEqual(brainValues);
  });

  it('decodes an Int8Vector the server wrote as base64 of signed bytes', () => {
    expect(Array.from(decodeInt8Vector('gAB/'))).toEqual([-128, 0, 127]);
    expect(Array.from(decodeInt8Vector([-1, 2]))).toEqual([-1, 2]);
  });

  it('decodes binary and sparse vectors', () => {
    expect(Array.from(decodeBinaryVector('sIE='))).toEqual([0xb0, 0x81]);
    expect([...decodeSparseVector({ '1024': 0.125, '3': 0.5 })]).toEqual([
      [3, 0.5],
      [1024, 0.125],
    ]);
  });

  it('rejects base64 that is not a whole number of 16-bit values', () => {
    expect(() => decodeFloat16Vector('AQ==')).toThrow(MilvusInvalidArgumentError);
    expect(() => decodeFloat16Vector('not base64!')).toThrow(MilvusInvalidArgumentError);
  });
});
