import { describe, expect, it } from 'vitest';
import {
  bfloat16BitsToNumber,
  float16BitsToNumber,
  float32ToBFloat16Bits,
  float32ToFloat16Bits,
  truncateToBFloat16Bits,
} from '../float16.js';

describe('float16', () => {
  it.each([
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds up to infinity
    [2 ** -24, 0x0001], // the smallest subnormal
    [2 ** -26, 0x0000], // below half of it
    [1 + 2 ** -11, 0x3c00], // a tie rounds to even
    [1 + 3 * 2 ** -11, 0x3c02],
  ])('%f has the bits %i', (value, bits) => {
    expect(float32ToFloat16Bits(value)).toBe(bits);
  });

  it.each([
    [0x3c00, 1],
    [0xc000, -2],
    [0x0001, 2 ** -24],
    [0x7c00, Number.POSITIVE_INFINITY],
  ])('reads the bits %i as %f', (bits, value) => {
    expect(float16BitsToNumber(bits)).toBe(value);
  });

  it('round-trips every finite float16 bit pattern', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      expect(float32ToFloat16Bits(float16BitsToNumber(bits))).toBe(bits);
    }
  });
});

describe('bfloat16', () => {
  it('rounds to nearest-even, where the server truncates', () => {
    const value = 1 + 0.75 * 2 ** -7; // three quarters of the way from 1 (0x3f80) to the next bfloat16
    expect(float32ToBFloat16Bits(value)).toBe(0x3f81);
    expect(truncateToBFloat16Bits(value)).toBe(0x3f80);
  });

  it('round-trips every finite bfloat16 bit pattern both ways', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7f80) === 0x7f80) continue;
      const value = bfloat16BitsToNumber(bits);
      expect(float32ToBFloat16Bits(value)).toBe(bits);
      expect(truncateToBFloat16Bits(value)).toBe(bits);
    }
  });
});
