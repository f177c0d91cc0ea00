// The workbench panels beside the chat (Files, Changes): open or closed and which tab
// (remembered in this browser), and per session the file in the viewer, the Files tree
// (its cached listings, lib/file-tree.ts) and the change selected. A path clicked in a
// tool card opens the panel on that file.
import { create } from 'zustand';
import { emptyTree, reveal, type TreeState } from '../file-tree';
import { rememberWorkbench, rememberedWorkbench, type WorkbenchTab } from '../preferences';

export interface WorkbenchState {
  open: boolean;
  tab: WorkbenchTab;
  /** The file in the viewer, per session (null: the tree). */
  viewing: Record<string, string | null>;
  trees: Record<string, TreeState>;
  /** The change selected in the Changes tab, per session (a ChangeEntry key). */
  selectedChange: Record<string, string | null>;
}

export const useWorkbench = create<WorkbenchState>()(() => ({ ...rememberedWorkbench(), viewing: {}, trees: {}, selectedChange: {} }));

const set = useWorkbench.setState;
const get = useWorkbench.getState;

/** Back to what this browser remembers, nothing cached (tests, a new page). */
export function resetWorkbench(): void {
  set({ ...rememberedWorkbench(), viewing: {}, trees: {}, selectedChange: {} }, true);
}

function remember(): void {
  const { open, tab } = get();
  rememberWorkbench(open, tab);
}

export function setWorkbenchOpen(open: boolean): void {
  set({ open });
  remember();
}

export function setWorkbenchTab(tab: WorkbenchTab): void {
  set({ tab });
  remember();
}

export function treeOf(sessionId: string): TreeState {
  return get().trees[sessionId] ?? emptyTree();
}

export function updateTree(sessionId: string, change: (tree: TreeState) => TreeState): void {
  const before = treeOf(sessionId);
  const after = change(before);
  if (after !== before || get().trees[sessionId] === undefined) set({ trees: { ...get().trees, [sessionId]: after } });
}

export function viewFile(sessionId: string, path: string | null): void {
  set({ viewing: { ...get().viewing, [sessionId]: path } });
}

/** Opens the panel on the Files tab with this file (relative to the session's folder) in the viewer. */
export function openFileInWorkbench(sessionId: string, path: string): void {
  updateTree(sessionId, (tree) => reveal(tree, path));
  set({ open: true, tab: 'files', viewing: { ...get().viewing, [sessionId]: path } });
  remember();
}

export function selectChange(sessionId: string, key: string | null): void {
  set({ selectedChange: { ...get().selectedChange, [sessionId]: key } });
}
