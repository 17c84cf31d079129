// Types for the parts of the npm package `gifenc` (https://github.com/mattdesl/gifenc, no bundled types) that gan-kit uses.
declare module 'gifenc' {
  /** A palette: up to 256 colours as [r, g, b] bytes. */
  type Palette = number[][];
  interface FrameOptions {
    palette?: Palette;
    /** Frame delay in milliseconds. */
    delay?: number;
    /** -1 plays once, 0 loops forever, n > 0 repeats n times. */
    repeat?: number;
  }
  interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
  }
  export function GIFEncoder(): Encoder;
  export function quantize(rgba: Uint8Array, maxColors: number): Palette;
  export function applyPalette(rgba: Uint8Array, palette: Palette): Uint8Array;
}
