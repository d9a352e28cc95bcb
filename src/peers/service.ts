import { csvFile } from '../documents/csv.ts'
import type { Ctx } from '../common/context.ts'
import { userId } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { isIsoDate } from '../common/dates.ts'
import type { Queryable } from '../db/db.ts'
import { audit } from '../audit/audit.ts'
import { assertCan, assertOnPeer, canOnPeer } from '../auth/policy.ts'
import { isId, parseInput } from '../challenges/schemas.ts'
import type { Upload } from '../challenges/uploads.ts'
import { tableRows } from '../documents/table-file.ts'
import {
  CONFLICT_TYPES,
  RELATIONSHIP_TYPES,
  overrideSchema,
  peerSchema,
  relationshipSchema,
  unavailabilitySchema,
  type PeerInput,
} from './schemas.ts'
import { PERSON_COLS, PERSON_FROM, type PersonRow } from './repo.ts'
import { vocabulary } from './rules-data.ts'

/** The peer pool: profiles, availability, declared interests, conflict overrides, and import from .csv/.xlsx. */

const PAGE_SIZE = 50
export const MAX_POOL_FILE_BYTES = 5 * 1024 * 1024
const MAX_POOL_ROWS = 5000

export const POOL_COLUMNS = [
  'Name',
  'Email',
  'Kind',
  'Party',
  'Role',
  'Title',
  'Organisation',
  'Council',
  'Region',
  'Council types',
  'Expertise',
  'Accredited on',
  'Trained on',
  'Days offered',
  'Former role',
  'Former role until',
  'Unavailable',
  'In pool',
] as const

function options() {
  const v = vocabulary()
  return {
    roles: v.roles,
    expertise: v.expertise,
    councilTypes: v.councilTypes,
    relationshipTypes: RELATIONSHIP_TYPES,
    conflictTypes: CONFLICT_TYPES,
  }
}

export async function listPool(
  ctx: Ctx,
  query: { q?: string; kind?: string; party?: string; expertise?: string; role?: string; all?: string; page?: string },
) {
  assertCan(ctx.actor, 'manage-pool')
  const where: string[] = []
  const params: unknown[] = []
  const p = (v: unknown) => {
    params.push(v)
    return `$${params.length}`
  }
  if (query.all !== 'yes') where.push('p.in_pool')
  if (query.q?.trim())
    where.push(
      `(p.name ilike ${p(`%${query.q.trim()}%`)} or coalesce(p.organisation, '') ilike $${params.length} or coalesce(c.nice_name, '') ilike $${params.length})`,
    )
  if (query.kind && ['member', 'officer', 'lga'].includes(query.kind)) where.push(`p.kind = ${p(query.kind)}`)
  if (query.party?.trim()) where.push(`p.party = ${p(query.party.trim())}`)
  if (query.expertise?.trim()) where.push(`${p(query.expertise.trim())} = any(p.expertise)`)
  if (query.role?.trim()) where.push(`p.role = ${p(query.role.trim())}`)
  const sql = `from ${PERSON_FROM} ${where.length ? `where ${where.join(' and ')}` : ''}`
  const total = (await ctx.db.one<{ n: number }>(`select count(*)::int as n ${sql}`, params))!.n
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const page = Math.min(pages, Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1))
  const people = await ctx.db.query<PersonRow & { unavailableNow: boolean; teams: number }>(
    `select ${PERSON_COLS},
       exists (select 1 from peer_unavailability u where u.person_id = p.id and $${params.length + 1}::date between u.from_date and u.to_date) as "unavailableNow",
       (select count(*)::int from team_members t where t.person_id = p.id) as teams
     ${sql} order by p.name, p.id limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`,
    [...params, ctx.clock.today()],
  )
  const counts = await ctx.db.query<{ kind: string; party: string | null; n: number }>(
    `select kind, party, count(*)::int as n from people where in_pool group by 1, 2 order by 1, 2`,
  )
  const parties = [...new Set(counts.filter((c) => c.party).map((c) => c.party!))].sort()
  return { people, total, page, pages, query, counts, parties, ...options() }
}

async function councilByText(
  db: Queryable,
  text: string | null,
): Promise<{ id: number; region: string | null } | null | 'unknown'> {
  if (!text) return null
  const c = await db.one<{ id: number; region: string | null }>(
    `select id, region from councils where upper(code) = upper($1) or lower(nice_name) = lower($1) or lower(official_name) = lower($1) or lower(gss_code) = lower($1) order by end_date nulls first limit 1`,
    [text.trim()],
  )
  return c ?? 'unknown'
}

async function loadPerson(db: Queryable, id: number): Promise<PersonRow> {
  const p = await db.one<PersonRow>(`select ${PERSON_COLS} from ${PERSON_FROM} where p.id = $1`, [id])
  if (!p) throw AppError.notFound('Peer')
  return p
}

export async function getPeer(ctx: Ctx, id: number) {
  assertOnPeer(ctx.actor, 'view', id)
  const person = await loadPerson(ctx.db, id)
  const unavailable = await ctx.db.query<{ id: number; from: string; to: string; note: string }>(
    `select id, from_date as "from", to_date as "to", note from peer_unavailability where person_id = $1 order by from_date`,
    [id],
  )
  const relationships = await ctx.db.query<{
    id: number
    councilCode: string
    councilName: string
    type: string
    from: string | null
    to: string | null
    note: string
  }>(
    `select r.id, c.code as "councilCode", c.nice_name as "councilName", r.type, r.from_date as "from", r.to_date as "to", r.note
       from peer_relationships r join councils c on c.id = r.council_id where r.person_id = $1 order by c.nice_name, r.id`,
    [id],
  )
  const overrides = await ctx.db.query<{
    id: number
    councilCode: string
    councilName: string
    type: string
    reason: string
    createdAt: string
    withdrawnAt: string | null
  }>(
    `select o.id, c.code as "councilCode", c.nice_name as "councilName", o.type, o.reason, o.created_at as "createdAt", o.withdrawn_at as "withdrawnAt"
       from conflict_overrides o join councils c on c.id = o.council_id where o.person_id = $1 order by o.withdrawn_at nulls first, o.created_at desc`,
    [id],
  )
  const teams = await ctx.db.query<{
    challengeId: number
    reference: string
    councilName: string
    role: string
    onsiteStart: string | null
    onsiteEnd: string | null
    stage: string
  }>(
    `select ch.id as "challengeId", ch.reference, co.nice_name as "councilName", t.role, ch.onsite_start as "onsiteStart", ch.onsite_end as "onsiteEnd", ch.stage
       from team_members t join challenges ch on ch.id = t.challenge_id join councils co on co.id = ch.council_id where t.person_id = $1 order by ch.onsite_start desc nulls first`,
    [id],
  )
  const a = ctx.actor
  return {
    person,
    unavailable,
    relationships,
    overrides,
    teams,
    abilities: {
      edit: canOnPeer(a, 'edit', id),
      availability: canOnPeer(a, 'edit-availability', id),
      declare: canOnPeer(a, 'declare-interest', id),
      override: canOnPeer(a, 'override-conflict', id),
    },
    ...options(),
  }
}

export async function peerForm(ctx: Ctx, id: number | null) {
  if (id === null) assertCan(ctx.actor, 'manage-pool')
  else assertOnPeer(ctx.actor, 'edit', id)
  const person = id === null ? null : await loadPerson(ctx.db, id)
  const values = person
    ? { ...person, council: person.councilCode ?? '', inPool: person.inPool ? 'yes' : 'no' }
    : { inPool: 'yes' }
  return { person, values, ...options() }
}

/** Writes a validated profile (new when id is null); used by the form, the API and the import. */
async function writePerson(
  tx: Queryable,
  ctx: Ctx,
  id: number | null,
  v: PeerInput,
  council: { id: number; region: string | null } | null,
  version?: number,
): Promise<number> {
  const cols = [
    v.name,
    v.email,
    v.title,
    v.organisation,
    v.kind,
    v.party,
    v.role,
    v.formerRole,
    v.formerRole ? v.formerRoleUntil : null,
    council?.id ?? null,
    v.region,
    v.councilTypes,
    v.expertise,
    v.accreditedOn,
    v.trainedOn,
    v.daysOffered,
    v.inPool,
    v.notes,
    ctx.clock.now(),
  ]
  if (id === null) {
    const row = await tx.one<{ id: number }>(
      `insert into people (name, email, title, organisation, kind, party, role, former_role, former_role_until, council_id, region, council_types, expertise,
         accredited_on, trained_on, days_offered, in_pool, notes, updated_at, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) returning id`,
      cols,
    )
    await audit(tx, ctx, {
      action: 'peer.created',
      visibility: 'programme',
      entity: 'person',
      entityId: row!.id,
      after: v,
    })
    return row!.id
  }
  const before = await tx.one<PersonRow>(`select ${PERSON_COLS} from ${PERSON_FROM} where p.id = $1 for update of p`, [
    id,
  ])
  if (!before) throw AppError.notFound('Peer')
  if (version !== undefined && before.version !== version)
    throw AppError.conflict(
      'Someone else changed this profile since you opened it: reload the page and make your changes again',
    )
  await tx.query(
    `update people set name = $1, email = $2, title = $3, organisation = $4, kind = $5, party = $6, role = $7, former_role = $8, former_role_until = $9,
       council_id = $10, region = $11, council_types = $12, expertise = $13, accredited_on = $14, trained_on = $15, days_offered = $16, in_pool = $17,
       notes = $18, updated_at = $19, version = version + 1 where id = $20`,
    [...cols, id],
  )
  await audit(tx, ctx, {
    action: 'peer.updated',
    visibility: 'programme',
    entity: 'person',
    entityId: id,
    before,
    after: v,
  })
  return id
}

function emailTaken(e: unknown): boolean {
  return /people_email_idx/.test(String((e as Error).message))
}

export async function savePeer(ctx: Ctx, id: number | null, input: unknown): Promise<{ id: number }> {
  if (id === null) assertCan(ctx.actor, 'manage-pool')
  else assertOnPeer(ctx.actor, 'edit', id)
  const v = parseInput(peerSchema, input)
  const raw = (input ?? {}) as Record<string, unknown>
  const version = id === null ? undefined : Number(raw.version)
  if (id !== null && !isId(version)) throw AppError.validation({ form: 'The form is out of date: reload the page' })
  const council = await councilByText(ctx.db, v.council)
  if (council === 'unknown')
    throw AppError.validation({
      council: `No council called “${v.council}” in the register: enter its name or three-letter code`,
    })
  try {
    return { id: await ctx.db.transaction((tx) => writePerson(tx, ctx, id, v, council, version)) }
  } catch (e) {
    if (emailTaken(e)) throw AppError.validation({ email: 'Another person in the pool has this email address' })
    throw e
  }
}

export async function addUnavailability(ctx: Ctx, id: number, input: unknown): Promise<void> {
  assertOnPeer(ctx.actor, 'edit-availability', id)
  const v = parseInput(unavailabilitySchema, input)
  await ctx.db.transaction(async (tx) => {
    await loadPerson(tx, id)
    const row = await tx.one<{ id: number }>(
      `insert into peer_unavailability (person_id, from_date, to_date, note) values ($1, $2, $3, $4) returning id`,
      [id, v.from, v.to, v.note],
    )
    await audit(tx, ctx, {
      action: 'peer.unavailable-added',
      visibility: 'programme',
      entity: 'person',
      entityId: id,
      after: { id: row!.id, ...v },
    })
  })
}

export async function removeUnavailability(ctx: Ctx, id: number, itemId: number): Promise<void> {
  assertOnPeer(ctx.actor, 'edit-availability', id)
  await ctx.db.transaction(async (tx) => {
    const row = await tx.one(
      `delete from peer_unavailability where id = $1 and person_id = $2 returning from_date as "from", to_date as "to", note`,
      [itemId, id],
    )
    if (!row) throw AppError.notFound('Unavailable dates')
    await audit(tx, ctx, {
      action: 'peer.unavailable-removed',
      visibility: 'programme',
      entity: 'person',
      entityId: id,
      before: row,
    })
  })
}

export async function addRelationship(ctx: Ctx, id: number, input: unknown): Promise<void> {
  assertOnPeer(ctx.actor, 'declare-interest', id)
  const v = parseInput(relationshipSchema, input)
  const council = await councilByText(ctx.db, v.council)
  if (!council || council === 'unknown')
    throw AppError.validation({ council: `No council called “${v.council}” in the register` })
  await ctx.db.transaction(async (tx) => {
    await loadPerson(tx, id)
    const row = await tx.one<{ id: number }>(
      `insert into peer_relationships (person_id, council_id, type, from_date, to_date, note, created_at) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [id, council.id, v.type, v.from, v.to, v.note, ctx.clock.now()],
    )
    await audit(tx, ctx, {
      action: 'peer.relationship-added',
      visibility: 'programme',
      entity: 'person',
      entityId: id,
      councilId: council.id,
      after: { id: row!.id, ...v },
    })
  })
}

export async function removeRelationship(ctx: Ctx, id: number, itemId: number): Promise<void> {
  assertOnPeer(ctx.actor, 'declare-interest', id)
  await ctx.db.transaction(async (tx) => {
    const row = await tx.one<{ councilId: number }>(
      `delete from peer_relationships where id = $1 and person_id = $2 returning council_id as "councilId", type, from_date as "from", to_date as "to", note`,
      [itemId, id],
    )
    if (!row) throw AppError.notFound('Relationship')
    await audit(tx, ctx, {
      action: 'peer.relationship-removed',
      visibility: 'programme',
      entity: 'person',
      entityId: id,
      councilId: row.councilId,
      before: row,
    })
  })
}

export async function addOverride(ctx: Ctx, id: number, input: unknown): Promise<void> {
  assertOnPeer(ctx.actor, 'override-conflict', id)
  const v = parseInput(overrideSchema, input)
  const council = await councilByText(ctx.db, v.council)
  if (!council || council === 'unknown')
    throw AppError.validation({ council: `No council called “${v.council}” in the register` })
  await ctx.db.transaction(async (tx) => {
    await loadPerson(tx, id)
    if (
      await tx.one(
        `select 1 from conflict_overrides where person_id = $1 and council_id = $2 and type = $3 and withdrawn_at is null`,
        [id, council.id, v.type],
      )
    ) {
      throw AppError.validation({ type: 'This conflict is already overridden for this council' })
    }
    const row = await tx.one<{ id: number }>(
      `insert into conflict_overrides (person_id, council_id, type, reason, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning id`,
      [id, council.id, v.type, v.reason, userId(ctx.actor), ctx.clock.now()],
    )
    await audit(tx, ctx, {
      action: 'peer.conflict-overridden',
      visibility: 'programme',
      entity: 'person',
      entityId: id,
      councilId: council.id,
      after: { id: row!.id, ...v },
    })
  })
}

export async function withdrawOverride(ctx: Ctx, id: number, itemId: number): Promise<void> {
  assertOnPeer(ctx.actor, 'override-conflict', id)
  await ctx.db.transaction(async (tx) => {
    const row = await tx.one<{ councilId: number }>(
      `update conflict_overrides set withdrawn_at = $3, withdrawn_by = $4 where id = $1 and person_id = $2 and withdrawn_at is null returning council_id as "councilId", type, reason`,
      [itemId, id, ctx.clock.now(), userId(ctx.actor)],
    )
    if (!row) throw AppError.notFound('Override')
    await audit(tx, ctx, {
      action: 'peer.override-withdrawn',
      visibility: 'programme',
      entity: 'person',
      entityId: id,
      councilId: row.councilId,
      before: row,
    })
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// Import

export interface PoolImportResult {
  rows: number
  created: number
  updated: number
  unavailable: number
}

/** A CSV template with the columns the import reads, and one example row. */
export function poolTemplate(): { filename: string; contentType: string; content: Buffer } {
  const example = [
    'Alex Example',
    'alex.example@council.gov.uk',
    'Officer',
    '',
    'Director',
    'Director of Place',
    'Example Borough Council',
    'CHL',
    '',
    'NMD; UA',
    'regeneration; housing',
    '2024-05-01',
    '2025-09-12',
    '10',
    '',
    '',
    '2027-02-01 to 2027-02-05; 2027-04-14',
    'yes',
  ]
  return {
    filename: 'peer-pool-template.csv',
    contentType: 'text/csv; charset=utf-8',
    content: Buffer.from(csvFile([POOL_COLUMNS, example])),
  }
}

/** Every row of the file, as text keyed by column name (dates from Excel as ISO dates). */
function poolRows(file: Upload) {
  return tableRows(file, {
    what: 'a peer pool',
    maxBytes: MAX_POOL_FILE_BYTES,
    columnKind: (name) => (/\b(on|until)$/.test(name) ? 'date' : 'text'),
  })
}

const UNAVAILABLE_PART = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:to|–|-{1,2})\s*(\d{4}-\d{2}-\d{2}))?$/

/** Imports a pool file: every row is checked first; one bad row and nothing changes. People match by email, else name and organisation. */
export async function importPool(ctx: Ctx, file: Upload | null): Promise<PoolImportResult> {
  assertCan(ctx.actor, 'manage-pool')
  if (!file) throw AppError.validation({ file: 'Select a .csv or .xlsx file' })
  const rows = await poolRows(file)
  if (!rows.length) throw AppError.validation({ file: 'The file has no rows under its header' })
  if (rows.length > MAX_POOL_ROWS)
    throw AppError.validation({ file: `The file has ${rows.length} rows: import at most ${MAX_POOL_ROWS} at a time` })
  const header = Object.keys(rows[0]!.values)
  const missing = ['name', 'kind', 'role'].filter((c) => !header.includes(c))
  if (missing.length)
    throw AppError.validation({
      file: `The file has no ${missing.map((m) => `“${m[0]!.toUpperCase()}${m.slice(1)}”`).join(', ')} column: download the template to see the columns`,
    })
  const errors: string[] = []
  const parsed: {
    v: PeerInput
    council: { id: number; region: string | null } | null
    unavailable: { from: string; to: string }[]
  }[] = []
  const seen = new Set<string>()
  for (const { row, values } of rows) {
    const g = (k: string) => values[k] ?? ''
    const r = peerSchema.safeParse({
      name: g('name'),
      email: g('email'),
      kind: g('kind'),
      party: g('party'),
      role: g('role'),
      title: g('title'),
      organisation: g('organisation'),
      council: g('council'),
      region: g('region'),
      councilTypes: g('council types'),
      expertise: g('expertise'),
      accreditedOn: g('accredited on'),
      trainedOn: g('trained on'),
      daysOffered: g('days offered'),
      formerRole: g('former role'),
      formerRoleUntil: g('former role until'),
      inPool: g('in pool'),
    })
    const unavailable: { from: string; to: string }[] = []
    for (const part of g('unavailable')
      .split(/[;\n]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = UNAVAILABLE_PART.exec(part)
      const to = m?.[2] ?? m?.[1]
      if (!m || !to || !isIsoDate(m[1]) || !isIsoDate(to) || to < m[1]!)
        errors.push(`Row ${row}: unavailable dates “${part}” must look like 2027-02-01 or 2027-02-01 to 2027-02-05`)
      else unavailable.push({ from: m[1]!, to })
    }
    if (!r.success) {
      for (const i of r.error.issues) errors.push(`Row ${row}: ${i.message}`)
      continue
    }
    const council = await councilByText(ctx.db, r.data.council)
    if (council === 'unknown') {
      errors.push(`Row ${row}: no council called “${r.data.council}” in the register`)
      continue
    }
    const key = (r.data.email ?? `${r.data.name}|${r.data.organisation ?? ''}`).toLowerCase()
    if (seen.has(key)) errors.push(`Row ${row}: ${r.data.name} appears twice in the file`)
    seen.add(key)
    parsed.push({ v: r.data, council, unavailable })
  }
  if (errors.length)
    throw AppError.validation({
      file: `Nothing was imported. Fix these rows and upload the file again: ${errors.slice(0, 20).join('; ')}${errors.length > 20 ? `; and ${errors.length - 20} more` : ''}`,
    })
  const result: PoolImportResult = { rows: parsed.length, created: 0, updated: 0, unavailable: 0 }
  await ctx.db.transaction(async (tx) => {
    for (const { v, council, unavailable } of parsed) {
      const existing = v.email
        ? await tx.one<{ id: number }>(`select id from people where lower(email) = lower($1)`, [v.email])
        : await tx.one<{ id: number }>(
            `select id from people where lower(name) = lower($1) and lower(coalesce(organisation, '')) = lower($2) order by id limit 1`,
            [v.name, v.organisation ?? ''],
          )
      const id = await writePerson(tx, ctx, existing?.id ?? null, v, council)
      if (existing) result.updated++
      else result.created++
      for (const u of unavailable) {
        const dup = await tx.one(
          `select 1 from peer_unavailability where person_id = $1 and from_date = $2 and to_date = $3`,
          [id, u.from, u.to],
        )
        if (dup) continue
        await tx.query(
          `insert into peer_unavailability (person_id, from_date, to_date, note) values ($1, $2, $3, 'imported')`,
          [id, u.from, u.to],
        )
        result.unavailable++
      }
    }
    await audit(tx, ctx, {
      action: 'pool.imported',
      visibility: 'programme',
      entity: 'pool',
      entityId: file.filename,
      after: result,
    })
  })
  return result
}
