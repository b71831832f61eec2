import { describe, expect, it } from 'vitest';
import { p } from '../../nodes/api';
import { parseParamText } from './paramText';

describe('param fields', () => {
  it('ints keep to whole numbers within bounds', () => {
    const spec = p.int(64, 1, 512);
    expect(parseParamText(spec, '128')).toEqual({ value: 128 });
    expect(parseParamText(spec, ' 7 ')).toEqual({ value: 7 });
    expect(parseParamText(spec, '1.5')).toEqual({ error: 'must be a whole number' });
    expect(parseParamText(spec, '0')).toEqual({ error: 'must be between 1 and 512' });
    expect(parseParamText(spec, '')).toEqual({ error: 'not a number' });
    expect(parseParamText(spec, '12a')).toEqual({ error: 'not a number' });
  });

  it('numbers take decimals and exponents; optional numbers take empty as "auto"', () => {
    expect(parseParamText(p.number(1e-5, 0, 1), '1e-6')).toEqual({ value: 1e-6 });
    expect(parseParamText(p.optionalNumber(0, 10), '')).toEqual({ value: null });
    expect(parseParamText(p.optionalNumber(0, 10), '2.5')).toEqual({ value: 2.5 });
  });

  it('shape lists accept commas, spaces, brackets and × and one -1 when allowed', () => {
    const shape = p.shape([64], 4, 4096, { allowInfer: true });
    expect(parseParamText(shape, '[64, 32]')).toEqual({ value: [64, 32] });
    expect(parseParamText(shape, '8 × 8')).toEqual({ value: [8, 8] });
    expect(parseParamText(shape, '-1, 16')).toEqual({ value: [-1, 16] });
    expect(parseParamText(shape, '-1, -1')).toEqual({ error: 'at most one -1' });
    expect(parseParamText(shape, '1,2,3,4,5')).toEqual({ error: 'at most 4 sizes' });
    expect(parseParamText(p.shape([64], 2, 100), '-1')).toHaveProperty('error');
    expect(parseParamText(shape, '')).toEqual({ error: 'give at least one size' });
  });

  it('text is stored as typed', () => {
    expect(parseParamText(p.string('', 10), ' a b ')).toEqual({ value: ' a b ' });
  });
});
