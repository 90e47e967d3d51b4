import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSafe } from 'redos-detector';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/** Every regular-expression literal in src/, found by the TypeScript scanner (not by a pattern). */
function regexLiterals(): Array<{ where: string; source: string; flags: string }> {
  const found: Array<{ where: string; source: string; flags: string }> = [];
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(sf);
        const end = literal.lastIndexOf('/');
        const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        found.push({
          where: `${file}:${line + 1}`,
          source: literal.slice(1, end),
          flags: literal.slice(end + 1),
        });
      }
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'RegExp') {
        throw new Error(`${file}: new RegExp(...) cannot be checked statically; use a literal`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

describe('no regular expression in src/ can backtrack super-linearly', () => {
  it('redos-detector finds every literal safe', () => {
    const literals = regexLiterals();
    expect(literals.length).toBeGreaterThan(20);
    const unsafe = literals.filter(({ source, flags }) => !isSafe(new RegExp(source, flags)).safe);
    expect(unsafe).toEqual([]);
  });

  it('the check can fail: it flags a known-bad pattern', () => {
    expect(isSafe(/^([^\s@]+)+@x$/).safe).toBe(false);
  });
});
