// document.execCommand for tests: jsdom has none, and lib/clipboard.ts falls back to
// execCommand('copy') on a page without the Clipboard API (plain http).
export function fakeExecCommand(exec: (command: string) => boolean): void {
  Object.defineProperty(document, 'execCommand', { configurable: true, writable: true, value: exec });
}
