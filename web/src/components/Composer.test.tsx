// @vitest-environment jsdom
// The composer on its own: the slash-command list (filter, keyboard, click) and images
// (attach, refuse with words, remove, send).
import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImageAttachment } from '../types/websocket';
import { Composer } from './Composer';

const commands = [
  { name: 'review', description: 'Review a pull request', argumentHint: '[pr]' },
  { name: 'compact', description: 'Clear history but keep a summary' },
  { name: 'cost', description: 'Show the cost' },
];

function setup() {
  const onSend = vi.fn<(text: string, images: ImageAttachment[]) => boolean>(() => true);
  render(<Composer running={false} onSend={onSend} onStop={() => undefined} commands={commands} />);
  const box = screen.getByLabelText<HTMLTextAreaElement>('Message');
  return { onSend, box };
}

/** The command names listed, in order. */
const options = () => screen.queryAllByRole('option').map((o) => o.querySelector('.font-mono')?.textContent);

describe('slash commands', () => {
  it('opens on a leading slash, filters as the user types, and closes after a space', () => {
    const { box } = setup();
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.change(box, { target: { value: '/' } });
    expect(options()).toHaveLength(3);
    fireEvent.change(box, { target: { value: '/co' } });
    expect(options()).toEqual(['/compact', '/cost']);
    fireEvent.change(box, { target: { value: '/compact now' } });
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('arrow keys move the highlight, Enter chooses it, then Enter sends it as a message', () => {
    const { box, onSend } = setup();
    fireEvent.change(box, { target: { value: '/' } });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    fireEvent.keyDown(box, { key: 'ArrowUp' });
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('/compact ');
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.change(box, { target: { value: '/compact keep the plan' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('/compact keep the plan', []);
  });

  it('Tab chooses, a click chooses, Escape closes', () => {
    const { box } = setup();
    fireEvent.change(box, { target: { value: '/rev' } });
    fireEvent.keyDown(box, { key: 'Tab' });
    expect(box.value).toBe('/review ');
    fireEvent.change(box, { target: { value: '/c' } });
    fireEvent.mouseDown(screen.getByText('/cost'));
    expect(box.value).toBe('/cost ');
    fireEvent.change(box, { target: { value: '/' } });
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});

describe('images', () => {
  const png = () => new File([new Uint8Array([137, 80, 78, 71])], 'shot.png', { type: 'image/png' });

  it('attaches a picked image as a thumbnail, removes it, and sends the rest with the message', async () => {
    const { box, onSend } = setup();
    const input = screen.getByTestId('image-input');
    await act(async () => {
      fireEvent.change(input, { target: { files: [png(), png()] } });
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(screen.getAllByRole('img')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Remove image 2' }));
    expect(screen.getAllByRole('img')).toHaveLength(1);
    fireEvent.change(box, { target: { value: 'what is this?' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).toHaveBeenCalledWith('what is this?', [{ mediaType: 'image/png', data: 'iVBORw==' }]);
    expect(screen.queryAllByRole('img')).toHaveLength(0);
  });

  it('says why a file is refused', async () => {
    setup();
    await act(async () => {
      fireEvent.change(screen.getByTestId('image-input'), { target: { files: [new File(['x'], 'notes.txt', { type: 'text/plain' })] } });
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(screen.getByRole('alert').textContent).toBe('notes.txt is not a PNG, JPEG, GIF or WebP image.');
  });

  it('takes an image pasted from the clipboard', async () => {
    const { box } = setup();
    await act(async () => {
      fireEvent.paste(box, { clipboardData: { files: [png()] } });
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(screen.getAllByRole('img')).toHaveLength(1);
  });
});
