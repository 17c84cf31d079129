import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { drawText, textWidth } from '../../src/io/bitmap_font.js';
import { createRgbaImage, drawCircle, drawLine, fillRect, type RgbaImage } from '../../src/io/raster.js';

const INK = [9, 9, 9] as const;

/** The picture as rows of '#' (ink) and '.' (anything else). */
function ascii(image: RgbaImage): string[] {
  return Array.from({ length: image.height }, (_, y) =>
    Array.from({ length: image.width }, (_, x) => (image.data[4 * (y * image.width + x)] === 9 ? '#' : '.')).join(''),
  );
}

describe('raster drawing', () => {
  it('fills clipped rectangles', () => {
    const image = createRgbaImage(4, 3, [255, 255, 255]);
    assert.deepEqual([...image.data.subarray(0, 4)], [255, 255, 255, 255]);
    fillRect(image, 2, -1, 5, 2, INK);
    assert.deepEqual(ascii(image), ['..##', '....', '....']);
  });

  it('draws lines between the end points, both ways, and thick', () => {
    const image = createRgbaImage(5, 5, [255, 255, 255]);
    drawLine(image, 4, 4, 0, 0, INK);
    drawLine(image, 0, 4, 4, 4, INK);
    assert.deepEqual(ascii(image), ['#....', '.#...', '..#..', '...#.', '#####']);
    const thick = createRgbaImage(5, 3, [255, 255, 255]);
    drawLine(thick, 1, 1, 3, 1, INK, 3);
    assert.deepEqual(ascii(thick), ['#####', '#####', '#####']);
    const edge = createRgbaImage(5, 3, [255, 255, 255]);
    drawLine(edge, 1, 0, 3, 0, INK, 2);
    assert.deepEqual(ascii(edge), ['.####', '.####', '.....']); // an even brush extends right and down
  });

  it('draws circle outlines at the radius', () => {
    const image = createRgbaImage(11, 11, [255, 255, 255]);
    drawCircle(image, 5, 5, 4, INK);
    const rows = ascii(image);
    assert.equal(rows[5], '.#.......#.');
    assert.equal(rows[1]![5], '#');
    assert.equal(rows[5]![5], '.');
  });
});

describe('bitmap font', () => {
  it('draws glyphs 5 × 7 with one column of spacing, capitals for lower case, ? for unknown characters', () => {
    const image = createRgbaImage(17, 7, [255, 255, 255]);
    drawText(image, 'l1~', 0, 0, INK);
    assert.deepEqual(ascii(image), [
      '#.......#....###.',
      '#......##...#...#',
      '#.......#.......#',
      '#.......#......#.',
      '#.......#.....#..',
      '#.......#........',
      '#####..###....#..',
    ]);
    assert.equal(textWidth('l1~'), 17);
    assert.equal(textWidth('ab', 2), 22);
    assert.equal(textWidth(''), 0);
  });
});
