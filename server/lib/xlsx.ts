/**
 * Writes simple tables to an .xlsx workbook with exceljs. exceljs is loaded on first use only, so
 * a cloud function that never exports pays nothing for it at cold start (it stays out of the
 * esbuild bundle and is installed from the function's package.json).
 */
export interface SheetSpec {
  name: string
  /** A title row above the header, e.g. the activity and its date. */
  title?: string
  columns: Array<{ header: string; width?: number }>
  rows: Array<Array<string | number | null>>
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export async function toXlsx(sheets: SheetSpec[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  wb.creator = '智慧党建'
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name.slice(0, 31))
    if (spec.title) {
      ws.addRow([spec.title]).font = { bold: true, size: 14 }
      ws.mergeCells(1, 1, 1, Math.max(1, spec.columns.length))
    }
    const header = ws.addRow(spec.columns.map((c) => c.header))
    header.font = { bold: true }
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF3E3E3' } }
    })
    spec.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? 14
    })
    for (const row of spec.rows) ws.addRow(row)
    ws.views = [{ state: 'frozen', ySplit: spec.title ? 2 : 1 }]
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
