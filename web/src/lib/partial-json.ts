// A tolerant reader for JSON that is still being written: a tool's input as the model
// streams it (tool_input deltas, concatenated). It reads as far as the text goes and
// returns what is there so far: a string cut short is returned as far as it goes (a
// file's content grows on screen), a key without its value yet, a number or literal cut
// short and a half-written escape are left out. Never throws; text that is not JSON at
// all reads as undefined.
import type { JsonObject, JsonValue } from '../types/websocket';

export interface PartialJson {
  value: JsonValue | undefined;
  /** The key of the top-level object whose value is still being written, if any. */
  pending: string | null;
}

const literals: Record<string, JsonValue> = { true: true, false: false, null: null };
const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Cut extends Error {}
class Invalid extends Error {}

class Reader {
  private at = 0;
  pending: string | null = null;

  constructor(private readonly text: string) {}

  value(depth: number): JsonValue {
    this.space();
    const c = this.text[this.at];
    if (c === undefined) throw new Cut();
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string().text;
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    return this.literal();
  }

  private object(depth: number): JsonObject {
    this.at++;
    const out: JsonObject = {};
    for (;;) {
      this.space();
      const c = this.text[this.at];
      if (c === undefined) return this.ranOut(out);
      if (c === '}') {
        this.at++;
        return out;
      }
      if (c === ',') {
        this.at++;
        continue;
      }
      if (c !== '"') throw new Invalid();
      const key = this.string();
      if (!key.closed) return out;
      this.space();
      if (this.text[this.at] === undefined) return this.ranOut(out);
      if (this.text[this.at] !== ':') throw new Invalid();
      this.at++;
      if (depth === 0) this.pending = key.text;
      try {
        out[key.text] = this.value(depth + 1);
      } catch (error) {
        if (error instanceof Cut) return this.ranOut(out);
        throw error;
      }
      if (this.cut) return out;
      if (depth === 0) this.pending = null;
    }
  }

  private array(depth: number): JsonValue[] {
    this.at++;
    const out: JsonValue[] = [];
    for (;;) {
      this.space();
      const c = this.text[this.at];
      if (c === undefined) return this.ranOut(out);
      if (c === ']') {
        this.at++;
        return out;
      }
      if (c === ',') {
        this.at++;
        continue;
      }
      try {
        out.push(this.value(depth + 1));
      } catch (error) {
        if (error instanceof Cut) return this.ranOut(out);
        throw error;
      }
      if (this.cut) return out;
    }
  }

  // Set once the text ran out inside a value: everything around it is cut there too.
  private cut = false;

  private ranOut<T>(value: T): T {
    this.cut = true;
    return value;
  }

  private string(): { text: string; closed: boolean } {
    this.at++;
    let out = '';
    let start = this.at;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) {
        this.cut = true;
        return { text: out + this.text.slice(start), closed: false };
      }
      if (c === '"') {
        out += this.text.slice(start, this.at);
        this.at++;
        return { text: out, closed: true };
      }
      if (c !== '\\') {
        this.at++;
        continue;
      }
      out += this.text.slice(start, this.at);
      const e = this.text[this.at + 1];
      if (e === undefined) {
        this.cut = true;
        this.at = this.text.length;
        return { text: out, closed: false };
      }
      if (e === 'u') {
        const hex = this.text.slice(this.at + 2, this.at + 6);
        if (hex.length < 4) {
          this.cut = true;
          this.at = this.text.length;
          return { text: out, closed: false };
        }
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Invalid();
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 6;
      } else {
        const plain = escapes[e];
        if (plain === undefined) throw new Invalid();
        out += plain;
        this.at += 2;
      }
      start = this.at;
    }
  }

  private number(): number {
    const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!match) throw new Cut(); // a lone '-'
    this.at += match[0].length;
    // A number at the very end may go on ("12" of "123"): not known yet.
    if (this.at >= this.text.length) throw new Cut();
    return Number(match[0]);
  }

  private literal(): JsonValue {
    for (const [word, value] of Object.entries(literals)) {
      const rest = this.text.slice(this.at, this.at + word.length);
      if (rest === word) {
        this.at += word.length;
        return value;
      }
      if (word.startsWith(rest) && this.at + rest.length >= this.text.length) throw new Cut();
    }
    throw new Invalid();
  }

  private space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at] ?? '')) this.at++;
  }
}

/** What the JSON text says so far (see the top of this file). */
export function readPartialJson(text: string): PartialJson {
  const reader = new Reader(text);
  try {
    return { value: reader.value(0), pending: reader.pending };
  } catch {
    return { value: undefined, pending: null };
  }
}
