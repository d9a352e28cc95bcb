import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Taxonomy } from './rules.ts'

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference')

const taxonomySchema = z.object({
  schemaVersion: z.literal(1),
  version: z.int().positive(),
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  effectiveTo: z.string().nullable(),
  source: z.string().min(1),
  notes: z.string().optional(),
  scoring: z.object({
    minScore: z.number().positive(),
    relativeToTop: z.number().min(0).max(1),
    maxThemes: z.int().positive(),
    titleBoost: z.number().positive(),
    confidenceHalf: z.number().positive(),
  }),
  themes: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z-]*$/),
        title: z.string().min(1),
        description: z.string(),
        terms: z.array(z.tuple([z.string().min(1), z.number().positive()])).min(1),
      }),
    )
    .min(1),
  stopwords: z.array(z.string()),
})

let cached: Taxonomy | undefined

/** The recommendation-theme taxonomy in force (reference/recommendation-themes.json), checked against its schema. */
export function taxonomy(): Taxonomy {
  if (!cached) {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(DIR, 'recommendation-themes.json'), 'utf8'))
    const t = taxonomySchema.parse(raw)
    const keys = t.themes.map((th) => th.key)
    if (new Set(keys).size !== keys.length) throw new Error('recommendation-themes.json: a theme key is repeated')
    cached = t
  }
  return cached
}

let stop: ReadonlySet<string> | undefined
export function stopwords(): ReadonlySet<string> {
  return (stop ??= new Set(taxonomy().stopwords))
}

export function themeTitle(key: string): string {
  return taxonomy().themes.find((t) => t.key === key)?.title ?? key
}

export interface LabelledSet {
  schemaVersion: number
  description: string
  labelling: string
  examples: { id: string; split: 'development' | 'held-back'; title: string; body?: string; themes: string[] }[]
}

export function labelledSet(): LabelledSet {
  return JSON.parse(fs.readFileSync(path.join(DIR, 'labelled-recommendations.json'), 'utf8')) as LabelledSet
}
