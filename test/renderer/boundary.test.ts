/**
 * The renderer's boundary (DESIGN.md): React, the contract's types and the pure derivations it
 * shares with the tray (electron/health.ts, electron/update-words.ts, each importing types only), nothing else. No Node,
 * no other runtime import from electron/, no inline styles or eval (the popover's CSP forbids both).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const renderer = fileURLToPath(new URL('../../renderer/', import.meta.url));
const src = path.join(renderer, 'src');
const CONTRACT = path.resolve(renderer, '../electron/ipc-contract.js');
/** Shared with the main process's tray: pure, types-only modules. */
const SHARED = ['health', 'update-words'].map((name) => path.resolve(renderer, `../electron/${name}.js`));
const PACKAGES = new Set(['react', 'react-dom/client']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

function imports(file: string): Import[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Import[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    }
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      found.push({ specifier: node.arguments[0]?.getText(source) ?? '', typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('renderer boundary', () => {
  const files = sources(src);

  it('finds the renderer sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [path.relative(renderer, file), file]))('%s imports only React, its own files, the contract’s types and the shared derivations', (_name, file) => {
    for (const { specifier, typeOnly } of imports(file)) {
      if (PACKAGES.has(specifier)) continue;
      expect(specifier.startsWith('.'), `${specifier} is not a relative import`).toBe(true);
      const target = path.resolve(path.dirname(file), specifier);
      if (target.startsWith(src + path.sep) || SHARED.includes(target)) continue;
      expect(target, `${specifier} leaves renderer/src`).toBe(CONTRACT);
      expect(typeOnly, `${specifier} must be imported with "import type"`).toBe(true);
    }
  });

  it.each(SHARED.map((file) => [path.basename(file), file]))('electron/%s, a runtime import from electron/, imports types only', (_name, shared) => {
    const file = shared.replace(/\.js$/, '.ts');
    const found = imports(file);
    expect(found.length).toBeGreaterThan(0);
    for (const { specifier, typeOnly } of found) expect(typeOnly, `${specifier} must be imported with "import type"`).toBe(true);
  });

  it.each(files.map((file) => [path.relative(renderer, file), file]))('%s uses no inline style or eval', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/\bstyle=\{/);
    expect(text).not.toMatch(/\beval\(|new Function\(|dangerouslySetInnerHTML/);
  });

  it('index.html carries the strict CSP', () => {
    const html = readFileSync(path.join(renderer, 'index.html'), 'utf8');
    expect(html).toContain(
      `content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'"`,
    );
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect(html).not.toMatch(/\sstyle=/);
  });
});
