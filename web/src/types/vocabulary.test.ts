// The protocol's words that are not fields (permission modes, close codes), against
// protocol/vocabulary.json: the C++ protocol module checks the same file
// (tests/protocol/vocabulary_test.cpp), so the twins cannot drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CloseCode, PermissionMode } from './websocket';

interface Vocabulary {
  permissionModes: string[];
  closeCodes: Record<string, number>;
}

const vocabulary = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../protocol/vocabulary.json'), 'utf8'),
) as Vocabulary;

describe('protocol vocabulary', () => {
  it('permission modes, in the same order', () => {
    expect(Object.values(PermissionMode)).toEqual(vocabulary.permissionModes);
  });

  it('close codes, by name', () => {
    expect(CloseCode).toEqual(vocabulary.closeCodes);
  });
});
