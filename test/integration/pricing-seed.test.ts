import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '#local/seed/seed';
import { startTestStack, type TestStack } from '#test/support/local-stack';

/** The demo seed's price data: a local quote shows every kind of explanation step (README tour). */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  await seedDemo(stack);
});
afterAll(() => stack?.stop());

interface Line {
  sku: string;
  unitPriceMinor: number | null;
  problems: { code: string }[];
  explanation: { step: string; source: { id: string } }[];
}

const quoteAs = async (userId: string, body: unknown) => stack.call('POST', '/quotes', { token: await stack.tokenFor(userId), body });

describe('demo pricing seed', () => {
  it("prices Acme's tour lines through every kind of step", async () => {
    const response = await quoteAs('u-acme-buyer', {
      shipToId: 'ST-ACME-CLE',
      lines: [
        { sku: 'FAS-101001', quantity: 1000 },
        { sku: 'BEA-301001', quantity: 10 },
        { sku: 'FAS-101002', quantity: 250 },
      ],
    });

    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const lines = (response.body as unknown as { lines: Line[] }).lines;
    expect(lines.map((l) => l.explanation.map((s) => s.step))).toEqual([
      ['contract', 'volume-break', 'promotion'],
      ['list', 'tier', 'volume-break', 'promotion'],
      ['list', 'tier', 'promotion', 'floor'],
    ]);
    expect(lines.every((l) => l.problems.length === 0 && l.unitPriceMinor !== null)).toBe(true);
  });

  it("gives Bolt its own promotion and never Acme's contract", async () => {
    const response = await quoteAs('u-bolt-buyer', { shipToId: 'ST-BOLT-DEN', lines: [{ sku: 'SAF-602001', quantity: 1 }, { sku: 'FAS-101001', quantity: 1000 }] });

    const lines = (response.body as unknown as { lines: Line[] }).lines;
    expect(lines.map((l) => l.explanation.map((s) => s.source.id))).toEqual([
      ['LIST-USD', 'silver', 'PROMO-BOLT-GLOVES'],
      ['LIST-USD', 'silver'],
    ]);
  });
});
