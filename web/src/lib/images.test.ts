// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES } from '../types/websocket';
import { base64OfDataUrl, checkImages, decodedBytes, imageDataUrl, imagesOf, readImage } from './images';

const file = (name: string, type: string, size: number) => ({ name, type, size });

describe('checkImages', () => {
  it('keeps the images of one message within their total', () => {
    const four = file('four.png', 'image/png', 4 * 1024 * 1024);
    const two = file('two.png', 'image/png', 2 * 1024 * 1024);
    const { accepted, errors } = checkImages([four, two], 0);
    expect(accepted).toEqual([four]);
    expect(errors[0]).toContain('together they may hold 5.5 MiB');
    expect(checkImages([two], 1, 4 * 1024 * 1024).accepted).toEqual([]);
    expect(checkImages([two], 1, 3 * 1024 * 1024).accepted).toEqual([two]);
  });

  it('reads the decoded size of base64', () => {
    expect(decodedBytes('')).toBe(0);
    expect(decodedBytes('AAAA')).toBe(3);
    expect(decodedBytes('AAA=')).toBe(2);
    expect(decodedBytes('AA==')).toBe(1);
  });

  it('accepts PNG, JPEG, GIF and WebP up to 5 MiB', () => {
    const files = [file('a.png', 'image/png', 10), file('b.jpg', 'image/jpeg', MAX_IMAGE_BYTES), file('c.gif', 'image/gif', 1), file('d.webp', 'image/webp', 1)];
    expect(checkImages(files, 0)).toEqual({ accepted: files, errors: [] });
  });

  it('refuses other types and larger files, saying which and why', () => {
    const { accepted, errors } = checkImages([file('x.bmp', 'image/bmp', 10), file('big.png', 'image/png', MAX_IMAGE_BYTES + 1), file('', 'text/plain', 1)], 0);
    expect(accepted).toEqual([]);
    expect(errors).toEqual([
      'x.bmp is not a PNG, JPEG, GIF or WebP image.',
      'big.png is 5.0 MiB; each image may be at most 5.0 MiB.',
      'The pasted file is not a PNG, JPEG, GIF or WebP image.',
    ]);
  });

  it('stops at 8 per message, counting those attached already', () => {
    const files = Array.from({ length: 4 }, (_, i) => file(`${i}.png`, 'image/png', 1));
    const { accepted, errors } = checkImages(files, 6);
    expect(accepted.map((f) => f.name)).toEqual(['0.png', '1.png']);
    expect(errors).toEqual(['A message holds at most 8 images; 2 were left out.']);
  });
});

describe('encoding', () => {
  it('reads a file as base64 without the data: prefix', async () => {
    const image = await readImage(new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }));
    expect(image).toEqual({ mediaType: 'image/png', data: 'AQID' });
    expect(imageDataUrl(image)).toBe('data:image/png;base64,AQID');
    expect(base64OfDataUrl('data:image/gif;base64,R0lG')).toBe('R0lG');
  });

  it('refuses to read a type it does not accept', async () => {
    await expect(readImage(new Blob(['x'], { type: 'text/plain' }))).rejects.toThrow(/not an accepted image type/);
  });

  it('reads images from a chat_request payload leniently', () => {
    expect(imagesOf([{ mediaType: 'image/png', data: 'AA' }, { mediaType: 'image/bmp', data: 'AA' }, 'x', null, { mediaType: 'image/gif' }])).toEqual([{ mediaType: 'image/png', data: 'AA' }]);
    expect(imagesOf(undefined)).toEqual([]);
  });
});
