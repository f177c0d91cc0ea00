// Keeps this file the twin of the C++ protocol module: every type tag, field name,
// error code and stop reason spelled in protocol/ must be spelled the same here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, Field, MessageType, PatchField, SessionStatus, StopReason } from './websocket';

const protocolDir = join(import.meta.dirname, '../../../protocol');
const read = (path: string) => readFileSync(join(protocolDir, path), 'utf8');
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('protocol names match the C++ protocol module', () => {
  it('message types', () => {
    const cpp = [...read('src/names.cpp').matchAll(/\{MessageType::\w+, "(\w+)"\}/g)].map((m) => m[1] ?? '');
    expect(cpp.length).toBeGreaterThan(10);
    expect(sorted(Object.values(MessageType))).toEqual(sorted(cpp));
  });

  it('session statuses', () => {
    const header = read('include/tether/protocol/names.hpp');
    const block = header.slice(header.indexOf('namespace session_status {'), header.indexOf('}  // namespace session_status'));
    const cpp = [...block.matchAll(/std::string_view \w+ = "(\w+)";/g)].map((m) => m[1] ?? '');
    expect(sorted(Object.values(SessionStatus))).toEqual(sorted(cpp));
  });

  it('stop reasons', () => {
    const cpp = [...read('src/names.cpp').matchAll(/\{StopReason::\w+, "(\w+)"\}/g)].map((m) => m[1] ?? '');
    expect(sorted(Object.values(StopReason))).toEqual(sorted(cpp));
  });

  it('error codes', () => {
    const cpp = [...read('src/errors.cpp').matchAll(/\{ErrorCode::\w+, "(\w+)"/g)].map((m) => m[1] ?? '');
    expect(cpp.length).toBeGreaterThan(10);
    expect(sorted(Object.values(ErrorCode))).toEqual(sorted(cpp));
  });

  it('field names', () => {
    const header = read('include/tether/protocol/names.hpp');
    const block = header.slice(header.indexOf('namespace field {'), header.indexOf('}  // namespace field'));
    const cpp = [...block.matchAll(/std::string_view \w+ = "(\w+)";/g)].map((m) => m[1] ?? '');
    expect(cpp.length).toBeGreaterThan(20);
    expect(sorted(Object.values(Field))).toEqual(sorted(cpp));
  });

  it('the patch fields of a tool_result', () => {
    const header = read('include/tether/protocol/names.hpp');
    const cpp = new Set([...header.matchAll(/std::string_view \w+ = "(\w+)";/g)].map((m) => m[1] ?? ''));
    for (const name of Object.values(PatchField)) expect(cpp.has(name), name).toBe(true);
  });
});
