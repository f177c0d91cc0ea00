// `?debug=1` in the page's address turns on the console mirror of the connection log
// for this visit, without changing the remembered setting: what a person is asked to add
// when their connection misbehaves and someone wants to watch it.
export function debugRequested(search: string): boolean {
  const value = new URLSearchParams(search).get('debug');
  return value !== null && value !== '0' && value !== 'false';
}
