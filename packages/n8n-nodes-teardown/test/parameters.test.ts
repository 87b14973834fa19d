// How parameters are read for many items: n8n's own evaluation where the value can differ per item, and no repeated
// work where it cannot. The real n8n runs the same paths in n8n.e2e.test.ts (`{{ $json.id }}`) and the bench.
import type { IExecuteFunctions } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { param, textParam } from '../shared/operation';

/** An execute context whose parameter evaluation is recorded; a per-item expression evaluates to `value#item`. */
function context(raw: Record<string, unknown>, items: Record<string, unknown>[]) {
  const evaluated: string[] = [];
  const ctx = {
    getInputData: () => items.map((json) => ({ json })),
    getNodeParameter: (name: string, i: number, fallback?: unknown, options?: { rawExpressions?: boolean }) => {
      const value = name in raw ? raw[name] : fallback;
      if (options?.rawExpressions) return value;
      evaluated.push(`${name}#${i}`);
      return typeof value === 'string' && value.startsWith('=') ? `value#${i}` : value;
    },
  } as unknown as IExecuteFunctions;
  return { ctx, evaluated };
}

describe('reading a parameter for every item', () => {
  it('reads {{ $json.field }} (a field dragged onto the parameter) straight from each item, without evaluating it', () => {
    const { ctx, evaluated } = context({ qrCodeId: '={{ $json.id }}', collectionId: '={{$json.collection_id}}' }, [
      { id: ' qr_1 ', collection_id: 'c1' },
      { id: 'qr_2' },
    ]);
    expect([0, 1].map((i) => [textParam(ctx, 'qrCodeId', i), param(ctx, 'collectionId', i)])).toEqual([
      ['qr_1', 'c1'],
      ['qr_2', undefined],
    ]);
    expect(evaluated).toEqual([]);
  });

  it('leaves every other expression to n8n, item by item', () => {
    const { ctx, evaluated } = context(
      { qrCodeId: '={{ $json.target.id }}', epapId: "={{ $('List').item.json.id }}" },
      [{}, {}],
    );
    expect([0, 1].map((i) => [param(ctx, 'qrCodeId', i), param(ctx, 'epapId', i)])).toEqual([
      ['value#0', 'value#0'],
      ['value#1', 'value#1'],
    ]);
    expect(evaluated).toEqual(['qrCodeId#0', 'epapId#0', 'qrCodeId#1', 'epapId#1']);
  });

  it('resolves a fixed value once per run, and objects (which may hold expressions) per item', () => {
    const { ctx, evaluated } = context({ treatAlreadyGoneAsSuccess: false, options: { limit: '={{ 1 }}' } }, [
      {},
      {},
      {},
    ]);
    for (const i of [0, 1, 2]) {
      expect(param(ctx, 'treatAlreadyGoneAsSuccess', i, true)).toBe(false);
      param(ctx, 'options', i);
    }
    expect(param(ctx, 'onlyActiveDynamic', 2, true)).toBe(true);
    expect(evaluated).toEqual([
      'treatAlreadyGoneAsSuccess#0',
      'options#0',
      'options#1',
      'options#2',
      'onlyActiveDynamic#0',
    ]);
  });
});
