// The points of a sparkline: values spread evenly across the width, scaled from 0 (the
// bottom) to the largest value (the top), so that a latency of 2 ms next to 200 ms looks
// as small as it is. Pure, for the connection details' latency chart.
export interface Point {
  x: number;
  y: number;
}

export function sparklinePoints(values: number[], width: number, height: number, pad = 2): Point[] {
  if (values.length === 0) return [];
  const top = Math.max(1, ...values);
  const innerW = Math.max(0, width - 2 * pad);
  const innerH = Math.max(0, height - 2 * pad);
  const step = values.length > 1 ? innerW / (values.length - 1) : 0;
  const round = (n: number) => Math.round(n * 100) / 100;
  return values.map((value, i) => ({
    x: round(values.length > 1 ? pad + i * step : width / 2),
    y: round(pad + innerH - (Math.max(0, value) / top) * innerH),
  }));
}

/** The `points` attribute of an SVG polyline. */
export function polylinePoints(points: Point[]): string {
  return points.map((p) => `${p.x},${p.y}`).join(' ');
}
