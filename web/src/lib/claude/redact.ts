// Keeps the token out of anything shown or copied. The token reaches a page only in the
// link `tether serve` prints (?token=…, redirected away at once) and in the cookie; a
// URL or a message quoting one must never carry it into a diagnostics report.
const tokenParam = /([?&#](?:token|access_token)=)[^&#\s]*/gi;
const bearer = /(Bearer\s+)[^\s"',;]+/gi;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string): string {
  return text.replace(tokenParam, `$1${REDACTED}`).replace(bearer, `$1${REDACTED}`);
}
