import { describe, expect, it } from 'vitest';
import type { TimelineItem, ToolItem } from './store/timeline';
import { normalizeAbsolute, relativeToCwd, touchedFiles, touchedFolders, touchedPath } from './touched-files';

const tool = (name: string, input: ToolItem['input'], extra: Partial<ToolItem> = {}): ToolItem => ({ kind: 'tool', id: `tool:${name}`, toolUseId: name, name, input, ...extra });
const cwd = '/home/ada/shop';

describe('relativeToCwd', () => {
  it('inside, outside, the folder itself, dots', () => {
    expect(relativeToCwd('/home/ada/shop/src/app.ts', cwd)).toBe('src/app.ts');
    expect(relativeToCwd('/home/ada/shop/./src//a.ts', `${cwd}/`)).toBe('src/a.ts');
    expect(relativeToCwd('/home/ada/shopping/a.ts', cwd)).toBeNull();
    expect(relativeToCwd('/home/ada/shop/../other/a.ts', cwd)).toBeNull();
    expect(relativeToCwd('/home/ada/shop', cwd)).toBeNull();
    expect(relativeToCwd('src/app.ts', cwd)).toBeNull();
    expect(relativeToCwd('/etc/passwd', '/')).toBe('etc/passwd');
  });

  it('normalizes', () => {
    expect(normalizeAbsolute('/a/b/../c/./d')).toBe('/a/c/d');
    expect(normalizeAbsolute('/..')).toBeNull();
    expect(normalizeAbsolute('a')).toBeNull();
  });
});

describe('touchedFiles', () => {
  it('the file tools, subagents included; not Read, not paths outside', () => {
    const items: TimelineItem[] = [
      { kind: 'user', id: 'u', text: 'go' },
      tool('Edit', { file_path: `${cwd}/src/a.ts`, old_string: 'a', new_string: 'b' }),
      tool('MultiEdit', { file_path: `${cwd}/src/b.ts`, edits: [] }),
      tool('Write', { file_path: `${cwd}/README.md`, content: '' }),
      tool('NotebookEdit', { notebook_path: `${cwd}/nb/x.ipynb` }),
      tool('Read', { file_path: `${cwd}/src/read-only.ts` }),
      tool('Write', { file_path: '/tmp/elsewhere.txt', content: '' }),
      tool('Edit', { file_path: 42 }),
      tool('Task', { description: 'sub' }, { children: [tool('Edit', { file_path: `${cwd}/deep/c.ts` })] }),
    ];
    expect([...touchedFiles(items, cwd)].sort()).toEqual(['README.md', 'deep/c.ts', 'nb/x.ipynb', 'src/a.ts', 'src/b.ts']);
  });

  it('one tool call', () => {
    expect(touchedPath(tool('Write', { file_path: `${cwd}/x` }), cwd)).toBe('x');
    expect(touchedPath(tool('Bash', { command: 'rm x' }), cwd)).toBeNull();
  });

  it('the folders holding them', () => {
    expect([...touchedFolders(new Set(['a/b/c.ts', 'a/d.ts', 'e.ts']))].sort()).toEqual(['a', 'a/b']);
  });
});
