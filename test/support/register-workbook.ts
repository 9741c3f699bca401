/**
 * Small .xlsx workbooks written out for the contract register tests: one worksheet per sheet given, text as inline
 * strings and numbers as numbers (amounts and date serials, as Excel stores them), built with fflate's zipSync in the
 * layout Excel writes (content types, root rels, workbook and its rels, sheets). Invented rows; no published data.
 */
import { strToU8, zipSync } from 'fflate'
import type { Zippable } from 'fflate'

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'

export type WorkbookCell = string | number | boolean | null

export interface WorkbookSheet {
  readonly name: string
  readonly rows: readonly (readonly WorkbookCell[])[]
  readonly state?: 'hidden' | 'veryHidden'
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A1-style column letters for a 0-based index (0 → A, 26 → AA). */
function columnName(index: number): string {
  let n = index + 1
  let name = ''
  while (n > 0) {
    const r = (n - 1) % 26
    name = String.fromCharCode(65 + r) + name
    n = Math.floor((n - 1) / 26)
  }
  return name
}

function cellXml(value: WorkbookCell, ref: string): string {
  if (value === null) return ''
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`
}

/** The XML of one worksheet; `firstRow` is the sheet row number of `rows[0]`. */
export function sheetXml(rows: readonly (readonly WorkbookCell[])[], firstRow = 1): string {
  const body = rows
    .map((cells, i) => {
      const r = firstRow + i
      return `<row r="${r}">${cells.map((v, c) => cellXml(v, `${columnName(c)}${r}`)).join('')}</row>`
    })
    .join('')
  return `<worksheet xmlns="${NS}"><sheetData>${body}</sheetData></worksheet>`
}

/** A workbook of the given sheets, in tab order; `date1904` marks the old Mac date system. */
export function registerWorkbook(sheets: readonly WorkbookSheet[], opts: { date1904?: boolean; sheetXmlOverride?: string } = {}): Uint8Array {
  const files: Zippable = {}
  files['[Content_Types].xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`)
  files['_rels/.rels'] = strToU8(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
  const tags = sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')
  files['xl/workbook.xml'] = strToU8(`<workbook xmlns="${NS}" xmlns:r="${NS_R}">${opts.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${tags}</sheets></workbook>`)
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
  )
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(i === 0 && opts.sheetXmlOverride !== undefined ? opts.sheetXmlOverride : sheetXml(s.rows))
  })
  return zipSync(files, { level: 6 })
}
