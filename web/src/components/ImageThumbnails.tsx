// Small previews of images: those attached in the composer (with a remove button) and
// those a sent message carries (clickable to view full size).
import type { ImageAttachment } from '../types/websocket';
import { imageDataUrl } from '../lib/images';

interface Props {
  images: ImageAttachment[];
  onRemove?: (index: number) => void;
  onOpen?: (index: number) => void;
  testId: string;
}

export function ImageThumbnails({ images, onRemove, onOpen, testId }: Props) {
  return (
    <ul className="flex flex-wrap gap-2" data-testid={testId}>
      {images.map((image, i) => {
        const picture = <img src={imageDataUrl(image)} alt={`Attachment ${i + 1}`} className="h-16 w-16 rounded-lg border border-zinc-200 object-cover dark:border-zinc-700" />;
        return (
          <li key={i} className="relative">
            {onOpen ? (
              <button type="button" onClick={() => { onOpen(i); }} aria-label={`View image ${i + 1} full size`} className="block">
                {picture}
              </button>
            ) : (
              picture
            )}
            {onRemove && (
              <button
                type="button"
                onClick={() => { onRemove(i); }}
                aria-label={`Remove image ${i + 1}`}
                className="absolute -top-1.5 -right-1.5 flex h-5 w-5 items-center justify-center rounded-full bg-zinc-800 text-xs text-white shadow hover:bg-zinc-700 dark:bg-zinc-200 dark:text-zinc-900"
              >
                ✕
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
