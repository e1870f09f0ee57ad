// Half precision by hand (src/engine/half.ts): every half survives widening and narrowing; narrowing rounds to
// nearest even, overflows to infinity and flushes below the smallest subnormal's half to zero.
import { describe, expect, it } from 'vitest';
import { floatToHalf, fromHalves, halfToFloat, roundToHalf, toHalves } from '../../../src/engine/half';
import { f16Bits } from '../../helpers/hf-fixtures';

describe('half precision', () => {
  it('every one of the 65,536 halves (NaNs aside) narrows back to itself', () => {
    for (let h = 0; h < 0x10000; h++) {
      const x = halfToFloat(h);
      if (Number.isNaN(x)) expect(Number.isNaN(halfToFloat(floatToHalf(x)))).toBe(true);
      else expect(floatToHalf(x)).toBe(h);
    }
  });

  it('known values, rounding to nearest even, overflow and underflow', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00); // half way to the next: rounds up to infinity
    expect(floatToHalf(-1e6)).toBe(0xfc00);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // a tie: to the even mantissa
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // a tie: to the even mantissa, upward
    expect(floatToHalf(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(floatToHalf(2 ** -26)).toBe(0x0000); // under half of it
    expect(floatToHalf(3 * 2 ** -25)).toBe(0x0002); // 1.5 subnormals: a tie, to even
  });

  it('arrays narrow as an independent writer does, and roundToHalf stays within half an f16 step', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3 * 10 ** ((i % 9) - 6));
    expect(Array.from(toHalves(x))).toEqual(Array.from(x, f16Bits));
    const rounded = roundToHalf(x.slice());
    expect(fromHalves(toHalves(x))).toEqual(rounded);
    for (let i = 0; i < x.length; i++) expect(Math.abs(rounded[i] - x[i])).toBeLessThanOrEqual(Math.max(Math.abs(x[i]) * 2 ** -11, 2 ** -25));
  });
});
