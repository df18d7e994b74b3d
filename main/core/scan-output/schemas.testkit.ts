// Validators for the stored SPDX 2.3 and SARIF 2.1.0 schemas (see schemas/README.md), for tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const dir = join(__dirname, 'schemas');

function load(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
}

let spdx: ValidateFunction | undefined;
let sarif: ValidateFunction | undefined;

export function spdxSchemaValidator(): ValidateFunction {
  if (!spdx) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    spdx = ajv.compile(load('spdx-2.3.schema.json'));
  }
  return spdx;
}

/** SARIF's schema is draft-04: the root `id` becomes `$id` and `$schema` goes (README explains why that is exact). */
export function sarifSchemaValidator(): ValidateFunction {
  if (!sarif) {
    const { id, $schema: _draft04, ...rest } = load('sarif-2.1.0.schema.json');
    // strictRequired off: the schema names properties in anyOf branches ({ required: [index] }),
    // which is valid JSON Schema that Ajv's strict mode only warns about.
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    sarif = ajv.compile({ $id: String(id), ...rest });
  }
  return sarif;
}

export function errorsOf(validate: ValidateFunction, data: unknown): ErrorObject[] {
  return validate(data) ? [] : [...(validate.errors ?? [])];
}
