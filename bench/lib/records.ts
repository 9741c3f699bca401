/**
 * Shape records for load: the JSON a tldraw 5.4.2 `geo` shape has in `tl_records`, about 400 bytes each. They must be
 * valid tldraw records: Pooled refuses any other (server/sync/record-validation.ts).
 */

export const RECORDS_MAP = 'tl_records'

export interface ShapeRecord {
  id: string
  typeName: 'shape'
  type: 'geo'
  x: number
  y: number
  rotation: number
  index: string
  parentId: string
  isLocked: boolean
  opacity: number
  props: Record<string, unknown>
  meta: Record<string, string>
}

/** A deterministic geo shape; `marker` goes into `meta.bench` (see lib/wire.ts). */
export function makeShape(id: string, i: number, x: number, y: number, marker = ''): ShapeRecord {
  return {
    id: `shape:${id}`,
    typeName: 'shape',
    type: 'geo',
    x,
    y,
    rotation: 0,
    index: `a${(i + 1).toString(36)}`,
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    props: {
      geo: 'rectangle',
      w: 120,
      h: 80,
      color: 'black',
      labelColor: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      scale: 1,
      richText: { type: 'doc', content: [{ type: 'paragraph' }] },
      flipX: false,
      flipY: false,
    },
    meta: { bench: marker },
  }
}
