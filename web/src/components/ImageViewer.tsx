// One image at full size, over the page; Escape, the backdrop or Close dismiss it.
import type { ImageAttachment } from '../types/websocket';
import { imageDataUrl } from '../lib/images';
import { Modal } from './Modal';

export function ImageViewer({ image, onClose }: { image: ImageAttachment; onClose: () => void }) {
  return (
    <Modal label="Image" onClose={onClose} className="relative p-2">
      <img src={imageDataUrl(image)} alt="Attachment, full size" className="max-h-[85dvh] max-w-[90vw] min-w-48 object-contain" data-testid="image-full" />
      <div className="mt-2 flex justify-end">
        <button type="button" onClick={onClose} className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
          Close
        </button>
      </div>
    </Modal>
  );
}
