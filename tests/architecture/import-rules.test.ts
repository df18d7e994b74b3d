import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile, sourceFiles } from './import-rules';

const root = path.resolve(__dirname, '../..');

describe('import rules (DESIGN.md §2)', () => {
  it('holds for every source file in the project', () => {
    const files = sourceFiles(root, ['shared', 'main', 'renderer', 'agent']);
    expect(files.length).toBeGreaterThan(20);
    const violations = files.flatMap((f) => checkFile(f, fs.readFileSync(path.join(root, f), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('catches each kind of violation', () => {
    const rules = (file: string, source: string) => checkFile(file, source).map((v) => v.rule);
    expect(rules('shared/model/x.ts', "import fs from 'node:fs';")).toEqual(['shared/** must not import Node built-ins']);
    expect(rules('shared/model/x.ts', "import { a } from '../../main/core/app-core';")).toEqual(['shared/** imports nothing outside shared']);
    expect(rules('shared/model/x.ts', "import { app } from 'electron';")).toContain('shared/** must not import electron');
    expect(rules('main/core/docker/x.ts', "import { app } from 'electron';")).toEqual(['main/core/** never imports electron']);
    expect(rules('main/core/docker/x.ts', "import { x } from '../../web/web-host';")).toEqual(['main/core/** must not import a surface']);
    expect(rules('main/core/docker/x.ts', "export * from '../../../renderer/app';")).toContain('main/** must not import renderer or agent code');
    expect(rules('renderer/app.tsx', "import { x } from '../main/core/app-core';")).toEqual(['renderer/** imports only shared and browser APIs']);
    expect(rules('renderer/app.tsx', "const fs = require('fs');")).toEqual(['renderer/** must not import Node built-ins']);
    expect(rules('agent/engine/x.ts', "import { y } from '../../main/core/app-core';")).toEqual(['agent/** imports only shared and Node']);
    expect(rules('main/electron/x.ts', "import { app } from 'electron';")).toEqual([]);
    expect(rules('renderer/app.tsx', "import { contract } from '../shared/contracts';\nimport React from 'react';")).toEqual([]);
  });
});
