// The code base stays free of `any` (STYLE.md): no `: any`, `as any`, `<any>` or `any[]`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const srcDir = path.resolve(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('no any', () => {
  it('has no explicit any in src/', () => {
    const pattern = /(:\s*any\b|\bas\s+any\b|<any>|\bany\[\])/;
    const offenders = files(srcDir)
      .filter((f) => !f.endsWith('noAny.test.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${path.relative(srcDir, f)}:${i + 1}` }))
          .filter(({ line }) => pattern.test(line.replace(/\/\/.*$/, '')))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
