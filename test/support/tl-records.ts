/**
 * Valid tldraw 5.4.2 records as plain JSON, for tests that write to a board's `tl_records` through the server (which
 * validates every record against the board's tldraw schema: server/sync/record-validation.ts).
 */

/** A geo shape record (a rectangle) at `x`; `overrides` replace top-level fields, `props` merge into its props. */
export function geoShape(id: string, x = 0, overrides: Record<string, unknown> = {}, props: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    typeName: 'shape',
    type: 'geo',
    x,
    y: 0,
    rotation: 0,
    index: 'a1',
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: 100,
      h: 80,
      growY: 0,
      scale: 1,
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
      flipX: false,
      flipY: false,
      ...props,
    },
    ...overrides,
  }
}

/** The geo shape of issue 10 B3: no props, no rotation. tldraw refuses it ("rotation: Expected number"). */
export const BAD_GEO = { id: 'shape:bad', typeName: 'shape', type: 'geo', x: 0, y: 0 }
