/** A picture in memory: `width × height` pixels of 4 bytes (red, green, blue, alpha), row by row from the top left. */
export interface RgbaImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** The pixels, `4 · width · height` bytes. */
  readonly data: Uint8Array;
}

/** A colour as red, green, blue bytes 0 … 255. */
export type Rgb = readonly [number, number, number];

/** A new opaque picture filled with one colour. */
export function createRgbaImage(width: number, height: number, background: Rgb): RgbaImage {
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) data.set([background[0], background[1], background[2], 255], 4 * p);
  return { width, height, data };
}

/** Paints the pixels of the rectangle [x, x + w) × [y, y + h), clipped to the picture, in an opaque colour. */
export function fillRect(image: RgbaImage, x: number, y: number, w: number, h: number, colour: Rgb): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(image.width, Math.round(x + w));
  const y1 = Math.min(image.height, Math.round(y + h));
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) image.data.set([colour[0], colour[1], colour[2], 255], 4 * (py * image.width + px));
  }
}

/**
 * Draws a straight line from (x0, y0) to (x1, y1) (Bresenham's algorithm on the rounded end points) with a square
 * brush `thickness` pixels wide centred on the line (an even brush has its extra pixel right and below), clipped to
 * the picture.
 */
export function drawLine(image: RgbaImage, x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1): void {
  let x = Math.round(x0);
  let y = Math.round(y0);
  const xEnd = Math.round(x1);
  const yEnd = Math.round(y1);
  const dx = Math.abs(xEnd - x);
  const dy = -Math.abs(yEnd - y);
  const sx = x < xEnd ? 1 : -1;
  const sy = y < yEnd ? 1 : -1;
  const offset = Math.floor((thickness - 1) / 2);
  let error = dx + dy;
  for (;;) {
    fillRect(image, x - offset, y - offset, thickness, thickness, colour);
    if (x === xEnd && y === yEnd) return;
    const e2 = 2 * error;
    if (e2 >= dy) {
      error += dy;
      x += sx;
    }
    if (e2 <= dx) {
      error += dx;
      y += sy;
    }
  }
}

/** Draws the outline of the circle of radius r (pixels) around (cx, cy), one pixel wide, clipped to the picture. */
export function drawCircle(image: RgbaImage, cx: number, cy: number, r: number, colour: Rgb): void {
  const steps = Math.max(8, Math.ceil(8 * r));
  for (let k = 0; k < steps; k++) {
    const angle = (2 * Math.PI * k) / steps;
    fillRect(image, Math.round(cx + r * Math.cos(angle)), Math.round(cy + r * Math.sin(angle)), 1, 1, colour);
  }
}
