import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Queryable } from '../db/db.ts'
import { AppError } from '../common/errors.ts'
import { zodFields } from '../challenges/schemas.ts'
import type { TeamRules, Vocabulary } from './model.ts'

/**
 * Team rules and the pool's vocabulary (roles, expertise tags with the words that find them in focus areas, council
 * types) are shipped as data in reference/team-rules.json. Team rules are loaded into `team_rules` as version 1 and
 * edited there: every change is a new version.
 */

const FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'team-rules.json')

interface TeamRulesFile {
  vocabulary: Vocabulary
  teamRules: (TeamRules & { effectiveFrom: string; sourceNote: string })[]
}

let cached: TeamRulesFile | null = null
function file(): TeamRulesFile {
  cached ??= JSON.parse(fs.readFileSync(FILE, 'utf8')) as TeamRulesFile
  return cached
}

export function vocabulary(): Vocabulary {
  return file().vocabulary
}

export function shippedTeamRules(): TeamRulesFile['teamRules'] {
  return file().teamRules
}

/** Loads shipped team rules as version 1 where their code is new; edited versions are left alone. */
export async function syncTeamRules(tx: Queryable): Promise<void> {
  for (const r of shippedTeamRules()) {
    if (!(await tx.one(`select 1 from review_types where code = $1`, [r.reviewType]))) continue
    const { effectiveFrom, sourceNote, ...rules } = r
    await tx.query(
      `insert into team_rules (code, review_type, version, name, effective_from, rules, note, created_at)
       select $1, $2, 1, $3, $4, $5, $6, now() where not exists (select 1 from team_rules where code = $1)`,
      [r.code, r.reviewType, r.name, effectiveFrom, JSON.stringify(rules), sourceNote],
    )
  }
}

const int = (label: string, min: number, max: number) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be ${min} or more`)
    .max(max, `${label} must be ${max} or fewer`)

const slotSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'A place needs a short key (lower-case letters, digits and hyphens)'),
  label: z.string().trim().min(1, 'Give every place a label').max(100),
  teamRole: z.enum(['lead-peer', 'member-peer', 'officer-peer', 'finance-peer', 'pcm', 'lga-adviser'], {
    message: 'A place’s team role must be one of the challenge team roles',
  }),
  min: int('A place’s minimum', 0, 7),
  max: int('A place’s maximum', 1, 7),
  kind: z.enum(['member', 'officer', 'lga'], { message: 'A place is for a councillor, an officer or LGA staff' }),
  roles: z.array(z.string()).optional(),
  recentYears: int('Years since holding the role', 0, 10).optional(),
  expertise: z.array(z.string()).optional(),
  differentPartyFrom: z.string().optional(),
})

export const teamRulesSchema = z
  .object({
    code: z.string(),
    reviewType: z.string(),
    name: z.string().trim().min(1, 'Enter a name for the rules').max(200),
    size: z.object({ min: int('The smallest team', 1, 12), max: int('The largest team', 1, 12) }),
    slots: z.array(slotSchema).min(1, 'A team needs at least one place').max(12),
    coverFocusAreas: z.boolean(),
    conflictYears: int('The conflict look-back', 0, 20),
    prepDays: int('Preparation days', 0, 20),
    placeCost: z.coerce
      .number({ message: 'The cost of a place must be a number' })
      .min(0, 'The cost of a place must be 0 or more')
      .max(100, 'The cost of a place must be 100 or less'),
    partyTargets: z.record(
      z.string(),
      z.coerce.number().min(0, 'A party target must be 0% or more').max(1, 'A party target must be 100% or less'),
    ),
  })
  .superRefine((r, ctx) => {
    const vocab = vocabulary()
    const bad = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (r.size.min > r.size.max) bad('sizeMin', 'The smallest team must not be larger than the largest')
    const keys = r.slots.map((s) => s.key)
    if (new Set(keys).size !== keys.length) bad('slots', 'Two places have the same key')
    for (const s of r.slots) {
      if (s.min > s.max) bad(`${s.key}.min`, `${s.label}: the minimum must not be more than the maximum`)
      for (const role of s.roles ?? []) {
        const v = vocab.roles.find((x) => x.key === role)
        if (!v) bad(`${s.key}.roles`, `${s.label}: unknown role “${role}”`)
        else if (v.kind !== s.kind) bad(`${s.key}.roles`, `${s.label}: ${v.label} is not a role for this kind of peer`)
      }
      for (const e of s.expertise ?? [])
        if (!vocab.expertise.some((x) => x.key === e)) bad(`${s.key}.expertise`, `${s.label}: unknown expertise “${e}”`)
      if (s.differentPartyFrom && !r.slots.some((x) => x.key === s.differentPartyFrom && x.kind === 'member'))
        bad(`${s.key}.min`, `${s.label}: “different party from” must name a member peer place`)
    }
    const mins = r.slots.reduce((n, s) => n + s.min, 0)
    const maxes = r.slots.reduce((n, s) => n + s.max, 0)
    if (mins > r.size.max)
      bad('sizeMax', `The places’ minimums add up to ${mins}, more than the largest team (${r.size.max})`)
    if (maxes < r.size.min)
      bad('sizeMin', `The places’ maximums add up to ${maxes}, fewer than the smallest team (${r.size.min})`)
    const total = Object.values(r.partyTargets).reduce((n, t) => n + t, 0)
    if (Object.keys(r.partyTargets).length && Math.abs(total - 1) > 0.005)
      bad('partyTargets', `Party targets must add up to 100% (they add up to ${Math.round(total * 1000) / 10}%)`)
  })

/** Validates edited rules (as the JSON API sends them, or as the form builds them). */
export function parseTeamRules(input: unknown): TeamRules {
  const r = teamRulesSchema.safeParse(input)
  if (r.success) return r.data as TeamRules
  // Name each problem by the form field it comes from: slots[2].min -> "<slot key>.min", size.min -> sizeMin.
  const slots = (input as { slots?: { key?: string }[] } | null)?.slots ?? []
  const fields: Record<string, string> = {}
  for (const i of r.error.issues) {
    const [a, b, c] = i.path
    const key =
      a === 'slots' && typeof b === 'number' && c
        ? `${slots[b]?.key ?? 'slots'}.${String(c)}`
        : a === 'size' && b
          ? `size${String(b)[0]!.toUpperCase()}${String(b).slice(1)}`
          : String(a ?? 'form')
    fields[key] ??= i.message
  }
  throw AppError.validation(Object.keys(fields).length ? fields : zodFields(r.error))
}

/**
 * The edit form's flat fields (name, sizeMin, party.Labour = "35", <slot>.min, <slot>.roles ...) applied over the
 * current rules: the form changes numbers, lists and targets, not the set of places (the JSON API can).
 */
export function rulesFromForm(current: TeamRules, f: Record<string, unknown>): unknown {
  const str = (k: string) => (f[k] === undefined ? undefined : String(f[k]).trim())
  const list = (k: string) => {
    const v = f[k]
    if (v === undefined) return []
    return (Array.isArray(v) ? v.map(String) : String(v).split(/[\n,]/)).map((s) => s.trim()).filter(Boolean)
  }
  const num = (k: string, fallback: number) => {
    const v = str(k)
    return v === undefined ? fallback : v === '' ? NaN : v
  }
  const partyTargets: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(f)) {
    if (!k.startsWith('party.')) continue
    const s = String(v).trim().replace(/%$/, '')
    if (s === '') continue
    partyTargets[k.slice(6)] = Number.isFinite(Number(s)) ? Number(s) / 100 : s
  }
  return {
    ...current,
    name: str('name') ?? current.name,
    size: { min: num('sizeMin', current.size.min), max: num('sizeMax', current.size.max) },
    conflictYears: num('conflictYears', current.conflictYears),
    prepDays: num('prepDays', current.prepDays),
    placeCost: num('placeCost', current.placeCost),
    coverFocusAreas: str('coverFocusAreas') === undefined ? current.coverFocusAreas : str('coverFocusAreas') === 'yes',
    partyTargets: Object.keys(f).some((k) => k.startsWith('party.')) ? partyTargets : current.partyTargets,
    slots: current.slots.map((s) => {
      const rolesGiven = f[`${s.key}.rolesShown`] !== undefined
      const expertiseGiven = f[`${s.key}.expertiseShown`] !== undefined
      const recent = str(`${s.key}.recentYears`)
      return {
        ...s,
        min: num(`${s.key}.min`, s.min),
        max: num(`${s.key}.max`, s.max),
        roles: rolesGiven ? (list(`${s.key}.roles`).length ? list(`${s.key}.roles`) : undefined) : s.roles,
        expertise: expertiseGiven
          ? list(`${s.key}.expertise`).length
            ? list(`${s.key}.expertise`)
            : undefined
          : s.expertise,
        recentYears: recent === undefined ? s.recentYears : recent === '' ? undefined : recent,
      }
    }),
  }
}
