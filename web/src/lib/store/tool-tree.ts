// Tool calls a subagent made, nested under the Task (Agent) call that started it: the
// events of those calls carry `parentToolUseId`, and the Task's card holds them, in the
// order they came. Pure functions over immutable items, generic so that the timeline's
// item types stay in timeline.ts.

/** The names the CLI gives its subagent tool: "Task" in its init message, "Agent" to the model. */
const subagentTools: ReadonlySet<string> = new Set(['Task', 'Agent']);

export function isSubagentTool(name: string): boolean {
  return subagentTools.has(name);
}

interface Node<T> {
  toolUseId: string;
  result?: unknown;
  children?: T[];
}

/** The parent with its child `toolUseId` replaced by `update(child)`, or added at the end. */
export function updateChild<T extends Node<T>>(parent: T, toolUseId: string, update: (child: T | undefined) => T): T {
  const children = parent.children ?? [];
  const at = children.findIndex((child) => child.toolUseId === toolUseId);
  const next = [...children];
  if (at < 0) next.push(update(undefined));
  else next[at] = update(children[at]);
  return { ...parent, children: next };
}

/** Children of one parent from two pieces of history (older first), each call once. */
export function mergeChildren<T extends Node<T>>(older: readonly T[] | undefined, newer: readonly T[] | undefined): T[] | undefined {
  if (!older?.length) return newer ? [...newer] : undefined;
  if (!newer?.length) return [...older];
  const merged = [...older];
  for (const child of newer) {
    const at = merged.findIndex((c) => c.toolUseId === child.toolUseId);
    const known = merged[at];
    if (known === undefined) merged.push(child);
    else merged[at] = mergeCall(known, child);
  }
  return merged;
}

// One call seen in two pieces of history: the older has the call (its name and input;
// the newer may only know its result), the newer may have its result and more children.
function mergeCall<T extends Node<T>>(older: T, newer: T): T {
  const merged: T = { ...older };
  if (newer.result !== undefined) merged.result = newer.result;
  const children = mergeChildren(older.children, newer.children);
  if (children) merged.children = children;
  return merged;
}
