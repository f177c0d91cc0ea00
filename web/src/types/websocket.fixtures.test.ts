// The codec against the golden envelopes in protocol/fixtures, shared with the C++
// suite (tests/protocol/fixtures_test.cpp): every file must decode and re-encode to the
// same bytes (compact JSON, members in the order id, type, payload, timestamp, replyTo, seq).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from '../lib/claude/envelope';

const fixtureDir = join(import.meta.dirname, '../../../protocol/fixtures');
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.json'));

describe('golden envelopes', () => {
  it('exist', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(17);
  });

  it.each(fixtures)('%s round-trips byte for byte', (name) => {
    const text = readFileSync(join(fixtureDir, name), 'utf8').replace(/\n+$/, '');
    const decoded = decodeEnvelope(text);
    if (!decoded.ok) throw new Error(`${name}: ${decoded.reason}`);
    expect(encodeEnvelope(decoded.envelope)).toBe(text);
  });
});
