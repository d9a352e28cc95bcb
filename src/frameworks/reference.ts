import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CycleRule, Rule, Theme, Workflow } from './types.ts'
import { bankHolidayData } from '../common/bank-holidays.ts'

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference')

export interface FrameworkData {
  code: string
  reviewType: string
  name: string
  version: number
  effectiveFrom: string
  effectiveTo: string | null
  sourceNote: string
  themes: Theme[]
  rules: Rule[]
}

export interface ReviewTypeData {
  code: string
  name: string
  shortName: string
  description: string
  parentRequired: boolean
  workflow: string
}

function read<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as T
}

/** The reference data shipped with the app; loaded into the database, where it is versioned and read from. */
export function referenceData() {
  const rt = read<{ workflows: Record<string, Workflow>; reviewTypes: ReviewTypeData[] }>('review-types.json')
  const fw = read<{ frameworks: FrameworkData[] }>('frameworks.json')
  const cy = read<{ cycleRules: CycleRule[] }>('cycle-rules.json')
  const bh = bankHolidayData()
  return {
    workflows: rt.workflows,
    reviewTypes: rt.reviewTypes,
    frameworks: fw.frameworks,
    cycleRules: cy.cycleRules,
    bankHolidays: bh,
  }
}
