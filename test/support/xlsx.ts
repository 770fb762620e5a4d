/** Reads back an exported workbook: each sheet's rows, every cell as text, without empty trailing cells. */
export async function readWorkbook(base64: string) {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer)
  return {
    names: wb.worksheets.map((w) => w.name),
    rows(name: string): string[][] {
      const ws = wb.getWorksheet(name)
      if (!ws) throw new Error(`no sheet ${name}`)
      const out: string[][] = []
      // Array.from, not map: row.values is sparse where a cell is empty
      ws.eachRow((row) => out.push(trimRow(Array.from((row.values as unknown[]).slice(1), (v) => (v === null || v === undefined ? '' : String(v))))))
      return out
    },
  }
}

/** A row without its empty trailing cells (an empty cell is not written). */
export function trimRow<T>(row: T[]): T[] {
  const r = [...row]
  while (r.length && r.at(-1) === '') r.pop()
  return r
}
