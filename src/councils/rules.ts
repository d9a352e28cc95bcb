import { addDays, isIsoDate } from '../common/dates.ts'

/** Types of English authority that the corporate peer challenge programme covers (the "317"). */
const PROGRAMME_TYPES = new Set(['CTY', 'NMD', 'MD', 'UA', 'LBO', 'CC'])

export function isProgrammeCouncil(nation: string | null, laType: string | null): boolean {
  return nation === 'England' && !!laType && PROGRAMME_TYPES.has(laType)
}

/**
 * The register's end-date is written two ways: as the day the successor starts (Allerdale 2023-04-01, Cumberland
 * starts 2023-04-01) or as the last day (Aylesbury Vale 2020-03-31, Buckinghamshire starts 2020-04-01). We store the
 * last day the council existed, deciding from the successors' start dates; with no successor we read it as the
 * first day it no longer existed, which is how most of the register writes it.
 */
export function lastDay(endDate: string | null, successorStarts: (string | null)[]): string | null {
  if (!endDate) return null
  const starts = successorStarts.filter((s): s is string => !!s)
  if (starts.some((s) => s === addDays(endDate, 1))) return endDate
  return addDays(endDate, -1)
}

export interface RegisterRow {
  code: string
  officialName: string
  niceName: string
  gssCode: string | null
  nation: string | null
  region: string | null
  laType: string | null
  laTypeName: string | null
  countyCode: string | null
  combinedAuthority: string | null
  altNames: string[]
  startDate: string | null
  endDate: string | null
  replacedBy: string[]
  /** mySociety's pop-2020 column, when the file has it (for "councils like mine"). */
  population: number | null
}

const REQUIRED = ['local-authority-code', 'official-name', 'nice-name', 'nation', 'local-authority-type']

/** Validates one row of the mySociety register; returns the row or the problems found. */
export function parseRegisterRow(r: Record<string, string>, line: number): { row?: RegisterRow; errors: string[] } {
  const errors: string[] = []
  for (const k of REQUIRED) if (!r[k]?.trim()) errors.push(`line ${line}: ${k} is empty`)
  const date = (k: string) => {
    const v = r[k]?.trim()
    if (!v) return null
    if (!isIsoDate(v)) {
      errors.push(`line ${line}: ${k} "${v}" is not a date (YYYY-MM-DD)`)
      return null
    }
    return v
  }
  const code = (r['local-authority-code'] ?? '').trim()
  if (code && !/^[A-Z0-9][A-Z0-9-]{1,9}$/.test(code))
    errors.push(`line ${line}: local-authority-code "${code}" is not a register code`)
  const startDate = date('start-date')
  const endDate = date('end-date')
  if (startDate && endDate && endDate < startDate) errors.push(`line ${line}: end-date is before start-date`)
  if (errors.length) return { errors }
  const list = (v: string | undefined, sep: RegExp) => [
    ...new Set(
      (v ?? '')
        .split(sep)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
  const opt = (k: string) => r[k]?.trim() || null
  return {
    errors,
    row: {
      code,
      officialName: r['official-name']!.trim(),
      niceName: r['nice-name']!.trim(),
      gssCode: opt('gss-code'),
      nation: opt('nation'),
      region: opt('region'),
      laType: opt('local-authority-type'),
      laTypeName: opt('local-authority-type-name'),
      countyCode: opt('county-la'),
      combinedAuthority: opt('combined-authority'),
      altNames: list(r['alt-names'], /,/),
      startDate,
      endDate,
      replacedBy: list(r['replaced-by'], /[,;|]/),
      population: /^\d+(\.0+)?$/.test(r['pop-2020']?.trim() ?? '') ? Math.round(Number(r['pop-2020'])) : null,
    },
  }
}
