// DESIGN.md §2 import rules, checked by reading every import of every source file.
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function isBuiltin(specifier: string): boolean {
  return builtins.has(specifier) || specifier.startsWith('node:');
}

function isElectron(specifier: string): boolean {
  return specifier === 'electron' || specifier.startsWith('electron/');
}

function isTest(file: string): boolean {
  return /\.test\.tsx?$/.test(file);
}

/** The top folder a relative import lands in ('shared', 'main/core', 'renderer', …). */
function area(relativeFile: string): string {
  const parts = relativeFile.split('/');
  return parts[0] === 'main' ? `main/${parts[1]}` : (parts[0] ?? '');
}

export function importsOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

export function checkFile(relativeFile: string, source: string): Violation[] {
  const from = area(relativeFile);
  const violations: Violation[] = [];
  for (const specifier of importsOf(source)) {
    const relative = specifier.startsWith('.');
    const target = relative ? area(path.posix.normalize(path.posix.join(path.posix.dirname(relativeFile), specifier))) : null;
    const fail = (rule: string) => violations.push({ file: relativeFile, specifier, rule });
    if (from === 'shared') {
      if (target && target !== 'shared' && !(isTest(relativeFile) && target === 'tests')) fail('shared/** imports nothing outside shared');
      if (isElectron(specifier)) fail('shared/** must not import electron');
      if (!isTest(relativeFile) && isBuiltin(specifier)) fail('shared/** must not import Node built-ins');
      if (specifier === 'react' || specifier.startsWith('react-')) fail('shared/** must not import React');
    } else if (from.startsWith('main/')) {
      if (target === 'renderer' || target === 'agent') fail('main/** must not import renderer or agent code');
      if (from === 'main/core' && isElectron(specifier)) fail('main/core/** never imports electron');
      if (from === 'main/core' && target && ['main/electron', 'main/web', 'main/cli'].includes(target)) fail('main/core/** must not import a surface');
      if ((from === 'main/web' || from === 'main/cli') && isElectron(specifier)) fail(`${from}/** must not import electron`);
    } else if (from === 'renderer') {
      if (target && target !== 'renderer' && target !== 'shared') fail('renderer/** imports only shared and browser APIs');
      if (isBuiltin(specifier) && !isTest(relativeFile)) fail('renderer/** must not import Node built-ins');
      if (isElectron(specifier)) fail('renderer/** must not import electron');
    } else if (from === 'agent') {
      if (target && target !== 'agent' && target !== 'shared' && !(isTest(relativeFile) && target === 'tests')) fail('agent/** imports only shared and Node');
      if (isElectron(specifier)) fail('agent/** must not import electron');
    }
  }
  return violations;
}

export function sourceFiles(root: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  for (const folder of folders) walk(path.join(root, folder));
  return out;
}
