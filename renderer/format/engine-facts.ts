// One line about a malware engine: 'YARA-X 0.3.0 · 24 signatures · 2026-11-20'.
import type { MalwareEngineStatus } from '../../shared/model/malware';

export function engineFacts(engine: MalwareEngineStatus, formatDate: (iso: string) => string): string {
  const count = `${engine.signatures.toLocaleString()} ${engine.signatures === 1 ? 'signature' : 'signatures'}`;
  return [engine.version, count, engine.signatureDate ? formatDate(engine.signatureDate) : null].filter(Boolean).join(' · ');
}
