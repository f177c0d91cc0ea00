// Where the user writes. Enter sends, Shift+Enter makes a new line; while a reply runs,
// a Stop button sends chat_cancel. Sending works while disconnected: the message is
// queued and goes out after the reconnect. The queue is bounded: when it is full, the
// composer says so, keeps what was typed, and Send is off. A `/` at the start lists the session's slash
// commands; images can be pasted, dropped or attached (shown as thumbnails until sent).
import { useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import type { ImageAttachment, SlashCommand } from '../types/websocket';
import { acceptAttribute, checkImages, decodedBytes, readImage } from '../lib/images';
import { commandText, filterCommands, moveHighlight, slashQuery } from '../lib/slash-commands';
import { ImageThumbnails } from './ImageThumbnails';
import { SlashCommandMenu, slashMenuId, slashOptionId } from './SlashCommandMenu';

interface Props {
  running: boolean;
  /** False when the message was refused (kept in the box; `refusal` says why). */
  onSend: (text: string, images: ImageAttachment[]) => boolean;
  onStop: () => void;
  commands?: SlashCommand[];
  /** Why sending will fail (e.g. the session's folder is gone), shown above the input. */
  warning?: string | null;
  /** Why messages are refused now (the outbox is full), shown above the input. */
  refusal?: string | null;
  /** No message fits at all until some have gone: Send is off. */
  full?: boolean;
}

const noCommands: SlashCommand[] = [];

export function Composer({ running, onSend, onStop, commands = noCommands, warning = null, refusal = null, full = false }: Props) {
  const [text, setText] = useState('');
  const [images, setImages] = useState<ImageAttachment[]>([]);
  const [imageErrors, setImageErrors] = useState<string[]>([]);
  const [highlighted, setHighlighted] = useState(0);
  const [menuClosedFor, setMenuClosedFor] = useState<string | null>(null); // Escape closes it until the text changes
  const fileInput = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);

  const query = slashQuery(text);
  const matches = query === null || text === menuClosedFor ? noCommands : filterCommands(commands, query);
  const menuOpen = matches.length > 0;
  const active = Math.min(highlighted, Math.max(0, matches.length - 1));

  const send = () => {
    if (text.trim().length === 0 || full) return;
    if (!onSend(text, images)) return;
    setText('');
    setImages([]);
    setImageErrors([]);
  };

  const pick = (command: SlashCommand) => {
    setText(commandText(command));
    setHighlighted(0);
    box.current?.focus();
  };

  const addFiles = (files: File[]) => {
    const { accepted, errors } = checkImages(
      files,
      images.length,
      images.reduce((sum, image) => sum + decodedBytes(image.data), 0),
    );
    setImageErrors(errors);
    void Promise.all(accepted.map((file) => readImage(file))).then(
      (read) => { setImages((before) => [...before, ...read]); },
      () => { setImageErrors((before) => [...before, 'An image could not be read.']); },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Not while an input method is composing (Enter confirms the composition there).
    if (e.nativeEvent.isComposing) return;
    if (menuOpen) {
      const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (step !== 0) {
        e.preventDefault();
        setHighlighted(moveHighlight(active, matches.length, step));
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        const command = matches[active];
        if (command) pick(command);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setMenuClosedFor(text);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(e.clipboardData.files);
    if (files.length === 0) return; // plain text: the textarea takes it
    e.preventDefault();
    addFiles(files);
  };

  const onDrop = (e: DragEvent<HTMLFormElement>) => {
    const files = Array.from(e.dataTransfer.files);
    if (files.length === 0) return;
    e.preventDefault();
    addFiles(files);
  };

  return (
    <form
      className="border-t border-zinc-200 bg-white/90 px-3 py-3 dark:border-zinc-800 dark:bg-zinc-950/90"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
      onDragOver={(e) => {
        if (Array.from(e.dataTransfer.items).some((item) => item.kind === 'file')) e.preventDefault();
      }}
      onDrop={onDrop}
    >
      <div className="mx-auto max-w-3xl space-y-2">
        {warning && (
          <p role="alert" className="rounded-lg bg-amber-50 px-3 py-1.5 text-sm text-amber-900 dark:bg-amber-950/50 dark:text-amber-200" data-testid="composer-warning">
            {warning}
          </p>
        )}
        {refusal && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-1.5 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200" data-testid="outbox-full">
            <span className="font-semibold">Not sent: the queue is full. </span>
            {refusal}
          </p>
        )}
        {images.length > 0 && <ImageThumbnails images={images} onRemove={(i) => { setImages((before) => before.filter((_, n) => n !== i)); }} testId="composer-images" />}
        {imageErrors.length > 0 && (
          <div role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="image-error">
            {imageErrors.map((error) => (
              <p key={error}>{error}</p>
            ))}
          </div>
        )}
        <div className="relative flex items-end gap-2">
          {menuOpen && <SlashCommandMenu commands={matches} highlighted={active} onPick={pick} onHighlight={setHighlighted} />}
          <button
            type="button"
            onClick={() => fileInput.current?.click()}
            aria-label="Attach image"
            title="Attach an image (PNG, JPEG, GIF or WebP; you can also paste or drop one)"
            className="flex h-10 w-10 shrink-0 items-center justify-center rounded-xl border border-zinc-300 text-lg text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 fill-none stroke-current" strokeWidth="1.6">
              <rect x="2.5" y="4" width="15" height="12" rx="2" />
              <circle cx="7" cy="8.5" r="1.5" />
              <path d="M3 14.5l4.5-4 3.5 3 2.5-2 4 3.5" />
            </svg>
          </button>
          <input
            ref={fileInput}
            type="file"
            accept={acceptAttribute}
            multiple
            hidden
            aria-label="Image files"
            data-testid="image-input"
            onChange={(e) => {
              addFiles(Array.from(e.target.files ?? []));
              e.target.value = ''; // the same file again is a new choice
            }}
          />
          <textarea
            ref={box}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setHighlighted(0);
            }}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            rows={Math.min(8, Math.max(1, text.split('\n').length))}
            placeholder="Message Claude…"
            title="Enter sends; Shift+Enter makes a new line; / at the start lists the commands"
            aria-label="Message"
            aria-autocomplete="list"
            aria-controls={menuOpen ? slashMenuId : undefined}
            aria-activedescendant={menuOpen ? slashOptionId(active) : undefined}
            className="min-h-10 min-w-0 flex-1 resize-none rounded-xl border border-zinc-300 bg-white px-3 py-2 focus:border-blue-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
          />
          {running && (
            <button type="button" onClick={onStop} className="h-10 rounded-xl border border-zinc-300 px-3 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              Stop
            </button>
          )}
          <button type="submit" disabled={text.trim().length === 0 || full} className="h-10 rounded-xl bg-blue-600 px-4 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-40">
            Send
          </button>
        </div>
      </div>
    </form>
  );
}

