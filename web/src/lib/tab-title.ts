// The browser tab's title: the page's own title, led by how many permission prompts wait
// when some do, so a user in another tab or window sees that Claude Code is blocked.

export function tabTitle(base: string, waiting: number): string {
  if (waiting <= 0) return base;
  return `(${waiting}) Permission needed · ${base}`;
}
