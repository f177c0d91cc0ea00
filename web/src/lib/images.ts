// Images a message may carry (docs/projects.md, "Images"): which files are accepted,
// the limits said in words, and reading a file as base64 for chat_request.images.
import { ImageMediaType, MAX_IMAGES_PER_MESSAGE, MAX_IMAGES_TOTAL_BYTES, MAX_IMAGE_BYTES, type ImageAttachment } from '../types/websocket';

const accepted: ReadonlySet<string> = new Set(Object.values(ImageMediaType));

export function isAcceptedImageType(type: string): type is ImageMediaType {
  return accepted.has(type);
}

/** The `accept` attribute of the file input. */
export const acceptAttribute = [...accepted].join(',');

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export interface FileLike {
  name: string;
  type: string;
  size: number;
}

/** The decoded size of base64 text. */
export function decodedBytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

/**
 * Splits dropped/pasted/picked files into those to attach and what to tell the user about
 * the rest. `attachedBytes`: the decoded size of the images already attached (the server
 * refuses a message whose images together pass MAX_IMAGES_TOTAL_BYTES).
 */
export function checkImages<F extends FileLike>(
  files: readonly F[],
  alreadyAttached: number,
  attachedBytes = 0,
): { accepted: F[]; errors: string[] } {
  const ok: F[] = [];
  const errors: string[] = [];
  let overLimit = 0;
  let total = attachedBytes;
  for (const file of files) {
    const name = file.name || 'The pasted file';
    if (!isAcceptedImageType(file.type)) errors.push(`${name} is not a PNG, JPEG, GIF or WebP image.`);
    else if (file.size > MAX_IMAGE_BYTES) errors.push(`${name} is ${mib(file.size)}; each image may be at most ${mib(MAX_IMAGE_BYTES)}.`);
    else if (alreadyAttached + ok.length >= MAX_IMAGES_PER_MESSAGE) overLimit += 1;
    else if (total + file.size > MAX_IMAGES_TOTAL_BYTES)
      errors.push(`${name} would bring this message's images to ${mib(total + file.size)}; together they may hold ${mib(MAX_IMAGES_TOTAL_BYTES)}. Send it in another message.`);
    else {
      total += file.size;
      ok.push(file);
    }
  }
  if (overLimit > 0) errors.push(`A message holds at most ${MAX_IMAGES_PER_MESSAGE} images; ${overLimit === 1 ? '1 was' : `${overLimit} were`} left out.`);
  return { accepted: ok, errors };
}

/** The base64 payload of a data URL (`data:image/png;base64,AAAA` -> `AAAA`). */
export function base64OfDataUrl(url: string): string {
  const comma = url.indexOf(',');
  return comma < 0 ? '' : url.slice(comma + 1);
}

export function imageDataUrl(image: ImageAttachment): string {
  return `data:${image.mediaType};base64,${image.data}`;
}

/** Reads an accepted file into an attachment (base64 without the data: prefix). */
export function readImage(file: Blob): Promise<ImageAttachment> {
  const mediaType = file.type;
  if (!isAcceptedImageType(mediaType)) return Promise.reject(new Error(`${mediaType || 'This file'} is not an accepted image type.`));
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => { done({ mediaType, data: base64OfDataUrl(typeof reader.result === 'string' ? reader.result : '') }); };
    reader.onerror = () => { fail(reader.error ?? new Error('The file could not be read.')); };
    reader.readAsDataURL(file);
  });
}

/** The images of a chat_request payload, leniently (anything malformed is left out). */
export function imagesOf(value: unknown): ImageAttachment[] {
  if (!Array.isArray(value)) return [];
  const images: ImageAttachment[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const { mediaType, data } = item as { mediaType?: unknown; data?: unknown };
    if (typeof mediaType === 'string' && isAcceptedImageType(mediaType) && typeof data === 'string') images.push({ mediaType, data });
  }
  return images;
}
