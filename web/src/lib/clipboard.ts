// Copies text. The Clipboard API exists only on secure pages (https, localhost); a
// plain-http LAN address (http://192.168.1.20:3000) has none, so a hidden textarea and
// execCommand('copy') take over: still inside the click, since the browser copies only
// in answer to one (so nothing is awaited before it on that path). The textarea is
// selected the way iOS Safari needs too, and the page's focus and selection come back.
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  const view = doc.defaultView;
  const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
  if (clipboard && typeof clipboard.writeText === 'function' && view?.isSecureContext === true) {
    try {
      await clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, page not focused): try the old way.
    }
  }
  return copyWithTextarea(text, doc);
}

function copyWithTextarea(text: string, doc: Document): boolean {
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', ''); // no on-screen keyboard on a phone
  area.setAttribute('aria-hidden', 'true');
  Object.assign(area.style, { position: 'fixed', top: '0', left: '0', width: '1px', height: '1px', padding: '0', border: '0', opacity: '0', fontSize: '12pt' });
  const focused = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
  const selection = doc.getSelection();
  const ranges = selection ? Array.from({ length: selection.rangeCount }, (_, i) => selection.getRangeAt(i)) : [];
  doc.body.appendChild(area);
  let ok: boolean;
  try {
    area.focus({ preventScroll: true });
    area.select();
    area.setSelectionRange(0, text.length); // iOS selects nothing with select() alone
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- deprecated, yet the only way to copy on a page without the Clipboard API (plain http)
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  } finally {
    area.remove();
    focused?.focus({ preventScroll: true });
    if (selection && ranges.length > 0) {
      selection.removeAllRanges();
      for (const range of ranges) selection.addRange(range);
    }
  }
  return ok;
}
