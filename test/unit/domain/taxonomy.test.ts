import { describe, expect, it } from 'vitest';
import { ancestors, buildTaxonomy, subtree, templateProblems, type Category } from '#domain/taxonomy';

const category = (categoryId: string, parentId?: string): Category => ({ categoryId, name: categoryId, ...(parentId ? { parentId } : {}), attributes: [], revision: 1, updatedAt: 't' });

describe('taxonomy', () => {
  const taxonomy = buildTaxonomy([category('tools'), category('power', 'tools'), category('drills', 'power'), category('saws', 'power'), category('hand', 'tools'), category('orphan', 'missing')]);

  it('walks a subtree, the category included', () => {
    expect([...subtree(taxonomy, 'power')].sort()).toEqual(['drills', 'power', 'saws']);
    expect([...subtree(taxonomy, 'tools')].sort()).toEqual(['drills', 'hand', 'power', 'saws', 'tools']);
    expect(subtree(taxonomy, 'nope').size).toBe(0);
  });

  it('gives ancestors root first, and treats a category with an unknown parent as a root', () => {
    expect(ancestors(taxonomy, 'drills')).toEqual(['tools', 'power']);
    expect(ancestors(taxonomy, 'orphan')).toEqual([]);
  });

  it('survives a cycle sent by a broken feed', () => {
    const cyclic = buildTaxonomy([category('a', 'b'), category('b', 'a')]);
    expect([...subtree(cyclic, 'a')].sort()).toEqual(['a', 'b']);
    expect(ancestors(cyclic, 'a')).toEqual(['b']);
  });
});

describe('templateProblems', () => {
  it('accepts a consistent template', () => {
    expect(
      templateProblems([
        { code: 'a', label: 'A', type: 'enum', required: true, allowedValues: ['x'] },
        { code: 'b', label: 'B', type: 'number', required: false, unit: 'mm', min: 1, max: 2 },
      ]),
    ).toEqual([]);
  });

  it('names every contradiction', () => {
    expect(
      templateProblems([
        { code: 'a', label: 'A', type: 'enum', required: true },
        { code: 'a', label: 'A2', type: 'string', required: true, unit: 'mm' },
        { code: 'c', label: 'C', type: 'number', required: true, min: 3, max: 2, allowedValues: ['1'] },
        { code: 'd', label: 'D', type: 'boolean', required: true, min: 1 },
      ]).map((p) => [p.index, p.field]),
    ).toEqual([
      [0, 'allowedValues'],
      [1, 'code'],
      [1, 'unit'],
      [2, 'allowedValues'],
      [2, 'max'],
      [3, 'min'],
    ]);
  });
});
