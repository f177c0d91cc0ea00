// Reads the backend state a session_update carries in `detail` (model, permission mode,
// API retry notices) and says it in words, e.g. "Anthropic API overloaded, retry 2 of
// 10 in 4 s". Tolerant of camelCase and the CLI's snake_case field names.
import type { JsonObject, JsonValue } from '../types/websocket';

function pick(o: JsonObject, ...keys: string[]): JsonValue | undefined {
  for (const key of keys) if (o[key] !== undefined) return o[key];
  return undefined;
}

function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

export function detailString(detail: JsonObject, ...keys: string[]): string | undefined {
  const value = pick(detail, ...keys);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function problemWords(error: JsonValue | undefined, status: JsonValue | undefined): string {
  const text = typeof error === 'string' ? error.toLowerCase() : '';
  if (status === 529 || text.includes('overload')) return 'overloaded';
  if (status === 429 || text.includes('rate')) return 'rate limited';
  if (typeof status === 'number' && status >= 500) return `unavailable (HTTP ${status})`;
  if (text.includes('connection') || text.includes('network')) return 'unreachable';
  return 'error';
}

/** The API retry notice in words, or null when the backend is not retrying. */
export function apiRetryText(detail: JsonObject): string | null {
  // The backend words its notices itself (docs/protocol.md §6.3); use them as they are.
  const notice = detailString(detail, 'notice');
  if (notice) return notice;
  const retry = asObject(pick(detail, 'retry', 'apiRetry', 'api_retry'));
  if (!retry) return null;
  const attempt = pick(retry, 'attempt');
  const max = pick(retry, 'maxRetries', 'max_retries');
  const delay = pick(retry, 'delayMs', 'retryDelayMs', 'retry_delay_ms');
  const what = problemWords(pick(retry, 'error', 'errorType'), pick(retry, 'status', 'errorStatus', 'error_status'));
  let text = `Anthropic API ${what}`;
  if (typeof attempt === 'number') text += `, retry ${attempt}${typeof max === 'number' ? ` of ${max}` : ''}`;
  if (typeof delay === 'number') text += ` in ${Math.round(delay / 1000)} s`;
  return text;
}
