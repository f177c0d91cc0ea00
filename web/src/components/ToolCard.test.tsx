// @vitest-environment jsdom
// Tool cards as a reader meets them, found by role and name: Bash in colour with its
// exit status and long output folded; a file change as a diff; a Write whose input is
// still streaming; a Task with its subagent's calls nested.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ToolItem } from '../lib/store/timeline';
import { ToolCard } from './ToolCard';

const tool = (fields: Partial<ToolItem> & Pick<ToolItem, 'toolUseId' | 'name'>): ToolItem => ({ kind: 'tool', id: `tool:${fields.toolUseId}`, input: {}, ...fields });

describe('ToolCard', () => {
  it('shows Bash output in colour, as text, with its exit status', () => {
    render(
      <ToolCard
        item={tool({
          toolUseId: 'b',
          name: 'Bash',
          input: { command: "printf '\\033[31mred\\033[0m'; exit 3" },
          result: { content: 'Exit code 3\n\u001b[31mred\u001b[0m <b>not bold</b>', isError: true },
        })}
      />,
    );
    const card = screen.getByRole('article', { name: /^Bash: printf/ });
    expect(within(card).getByTestId('tool-status').textContent).toBe('failed · exit 3');
    const output = within(card).getByRole('group', { name: 'Output' });
    expect(output.textContent).toBe('red <b>not bold</b>'); // the "Exit code" line is in the status
    expect(within(output).getByText('red').className).toMatch(/text-red-/);
    expect(output.querySelector('b')).toBeNull();
  });

  it('folds long output to its first lines, and the button shows all of it and folds it again', () => {
    const content = Array.from({ length: 60 }, (_, i) => `row ${i + 1}`).join('\n');
    render(<ToolCard item={tool({ toolUseId: 'b', name: 'Bash', input: { command: 'seq 60' }, result: { content, isError: false } })} />);
    expect(screen.getByTestId('tool-status').textContent).toBe('done · exit 0');
    const output = screen.getByRole('group', { name: 'Output' });
    expect(output.textContent.split('\n')).toHaveLength(20);
    const more = screen.getByRole('button', { name: 'Show all 60 lines' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(output.textContent).toBe(content);
    fireEvent.click(screen.getByRole('button', { name: 'Show the first 20 lines', expanded: true }));
    expect(output.textContent.split('\n')).toHaveLength(20);
  });

  it('shows an Edit as a diff with the line numbers of both sides', () => {
    render(<ToolCard item={tool({ toolUseId: 'e', name: 'Edit', input: { file_path: '/w/a.txt', old_string: 'a\nb\nc', new_string: 'a\nB\nc' } })} />);
    const table = within(screen.getByRole('article', { name: 'Edit: /w/a.txt' })).getByRole('table', { name: '1 line added, 1 removed' });
    const rows = within(table).getAllByRole('row').map((row) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent));
    expect(rows).toEqual([
      ['1', '1', ' ', 'a'],
      ['2', '', '-', 'b'],
      ['', '2', '+', 'B'],
      ['3', '3', ' ', 'c'],
    ]);
  });

  it('shows an Edit\'s patch from its result with the file\'s line numbers and a header per hunk', () => {
    const input = { file_path: '/w/a.txt', old_string: 'line 20', new_string: 'LINE 20' };
    const patch = [
      { oldStart: 18, oldLines: 5, newStart: 18, newLines: 5, lines: [' line 18', ' line 19', '-line 20', '+LINE 20', ' line 21', ' line 22'] },
      { oldStart: 120, oldLines: 1, newStart: 120, newLines: 2, lines: ['-end', '+end', '+more'] },
    ];
    render(<ToolCard item={tool({ toolUseId: 'e', name: 'Edit', input, result: { content: 'updated', isError: false, patch } })} />);
    const card = screen.getByRole('article', { name: 'Edit: /w/a.txt' });
    const table = within(card).getByRole('table', { name: '3 lines added, 2 removed' });
    const rows = within(table).getAllByRole('row').map((row) => Array.from(row.querySelectorAll('td')).map((td) => td.textContent));
    expect(rows).toEqual([
      ['@@ -18,5 +18,5 @@'],
      ['18', '18', ' ', 'line 18'],
      ['19', '19', ' ', 'line 19'],
      ['20', '', '-', 'line 20'],
      ['', '20', '+', 'LINE 20'],
      ['21', '21', ' ', 'line 21'],
      ['22', '22', ' ', 'line 22'],
      ['@@ -120,1 +120,2 @@'],
      ['120', '', '-', 'end'],
      ['', '120', '+', 'end'],
      ['', '121', '+', 'more'],
    ]);
    expect(within(card).getByTestId('diff').getAttribute('data-source')).toBe('patch');
  });

  it('without a patch, or with one too large to send, draws the diff from the input; the latter says so', () => {
    const input = { file_path: '/w/a.txt', old_string: 'a', new_string: 'b' };
    const { rerender } = render(<ToolCard item={tool({ toolUseId: 'e', name: 'Edit', input, result: { content: 'updated', isError: false } })} />);
    expect(screen.getByTestId('diff').getAttribute('data-source')).toBe('input');
    expect(screen.queryByTestId('patch-truncated')).toBeNull();
    rerender(<ToolCard item={tool({ toolUseId: 'e', name: 'Edit', input, result: { content: 'updated', isError: false, patchTruncated: true } })} />);
    expect(screen.getByTestId('diff').getAttribute('data-source')).toBe('input');
    expect(screen.getByTestId('patch-truncated').textContent).toMatch(/too large for the file's line numbers/);
  });

  it('draws a Write whose input is still streaming from the JSON so far; the path once it is whole', () => {
    const { rerender } = render(<ToolCard item={tool({ toolUseId: 'w', name: 'Write', inputText: '{"file_path":"/w/no' })} />);
    expect(screen.getByRole('article', { name: 'Write' })).toBeTruthy();
    expect(screen.getByTestId('tool-status').textContent).toBe('writing input…');
    rerender(<ToolCard item={tool({ toolUseId: 'w', name: 'Write', inputText: '{"file_path":"/w/notes.md","content":"# Notes\\nline 2\\nli' })} />);
    const card = screen.getByRole('article', { name: 'Write: /w/notes.md' });
    expect(card.getAttribute('data-state')).toBe('writing');
    expect(within(card).getByRole('table').textContent).toContain('li');
    rerender(<ToolCard item={tool({ toolUseId: 'w', name: 'Write', input: { file_path: '/w/notes.md', content: '# Notes\nline 2\nline 3\n' } })} />);
    expect(screen.getByRole('table', { name: '3 lines added' })).toBeTruthy();
    expect(screen.getByTestId('tool-status').textContent).toBe('running…');
  });

  it('nests a subagent\'s calls under its Task: open while it works, folded to a count once done', () => {
    const child = tool({ toolUseId: 'c', name: 'Bash', input: { command: 'ls' }, result: { content: 'a', isError: false } });
    const task = tool({ toolUseId: 't', name: 'Agent', input: { description: 'look around' }, children: [child] });
    const { rerender } = render(<ToolCard item={task} />);
    const toggle = screen.getByRole('button', { name: /Subagent: 1 tool call/ });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByRole('list', { name: 'Subagent tool calls' });
    expect(within(list).getByRole('article', { name: 'Bash: ls' })).toBeTruthy();

    rerender(<ToolCard item={{ ...task, result: { content: 'done looking', isError: false } }} />);
    expect(screen.getByRole('button', { name: 'Subagent: 1 tool call' }).getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('list', { name: 'Subagent tool calls' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Subagent: 1 tool call' }));
    expect(screen.getByRole('article', { name: 'Bash: ls' })).toBeTruthy();
  });
});
