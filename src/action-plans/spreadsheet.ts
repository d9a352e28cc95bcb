import type ExcelJS from 'exceljs'
import type { IsoDate } from '../common/dates.ts'
import { cellDate as dateOf, cellText as text, headerColumns as columns, openWorkbook } from '../documents/xlsx.ts'
import { ACTION_COLUMNS, RESPONSE_COLUMNS } from './documents.ts'
import type { PlanView } from './repo.ts'
import { ACTION_STATUSES, RAGS, RESPONSES, type ActionStatus, type Rag, type Response } from './rules.ts'

/**
 * Reading an edited action plan workbook back: what would change, and what is wrong row by row. Pure apart from
 * unpacking the file; applying the changes is the service's job.
 */

export const MAX_XLSX_BYTES = 5 * 1024 * 1024

/** Opens an uploaded action plan workbook (see documents/xlsx.ts for the checks). */
export const readWorkbook = (data: Buffer) => openWorkbook(data, 'an action plan')

export interface FieldChange {
  field: string
  label: string
  from: string
  to: string
}
export type PlanChange =
  | {
      kind: 'response'
      row: number
      recommendationId: number
      ref: string
      response: Response
      reasons: string
      changes: FieldChange[]
    }
  | {
      kind: 'action'
      row: number
      actionId: number
      number: number
      changes: FieldChange[]
      set: {
        title?: string
        description?: string
        leadOfficer?: string
        startDate?: IsoDate | null
        recommendationIds?: number[]
      }
      target?: { to: IsoDate; reason: string }
      override?: { rag: Rag | null; reason: string }
      progress?: { asOf: IsoDate; text: string; status: ActionStatus }
    }
  | {
      kind: 'new-action'
      row: number
      title: string
      description?: string
      leadOfficer: string
      startDate: IsoDate | null
      targetDate: IsoDate
      recommendationIds: number[]
      recommendationRefs: string[]
      progress?: { asOf: IsoDate; text: string; status: ActionStatus }
    }
export interface RowError {
  sheet: string
  row: number
  message: string
}
export interface ParsedWorkbook {
  planId: number | null
  planVersion: number | null
  changes: PlanChange[]
  errors: RowError[]
  rowsRead: number
}

const byLabel = <K extends string>(list: { key: K; label: string }[], s: string): K | undefined =>
  list.find((x) => x.label.toLowerCase() === s.toLowerCase() || x.key === s.toLowerCase())?.key

export function parsePlanWorkbook(wb: ExcelJS.Workbook, v: PlanView, today: IsoDate): ParsedWorkbook {
  const errors: RowError[] = []
  const changes: PlanChange[] = []
  let rowsRead = 0
  const about = wb.getWorksheet('About')
  const meta = new Map<string, string>()
  about?.eachRow((r) => meta.set(text(r.getCell(1).value), text(r.getCell(2).value)))
  const planId = meta.has('planId') ? Number(meta.get('planId')) : null
  const planVersion = meta.has('planVersion') ? Number(meta.get('planVersion')) : null
  if (planId !== null && planId !== v.planId) {
    errors.push({
      sheet: 'About',
      row: 1,
      message: `This workbook was exported from another action plan (${meta.get('reference') ?? 'unknown'}), not ${v.challenge.reference}`,
    })
    return { planId, planVersion, changes, errors, rowsRead }
  }
  const recByRef = new Map(v.recommendations.map((r) => [r.ref.toUpperCase(), r]))

  const rs = wb.getWorksheet('Responses')
  if (rs) {
    const col = columns(rs)
    const need = [RESPONSE_COLUMNS.id, RESPONSE_COLUMNS.title, RESPONSE_COLUMNS.response, RESPONSE_COLUMNS.reasons]
    const missing = need.filter((n) => !col.has(n.toLowerCase()))
    if (missing.length)
      errors.push({
        sheet: 'Responses',
        row: 1,
        message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
      })
    else {
      const get = (r: ExcelJS.Row, name: string) => r.getCell(col.get(name.toLowerCase())!).value
      rs.eachRow((row, n) => {
        if (n === 1) return
        const idText = text(get(row, RESPONSE_COLUMNS.id))
        const responseText = text(get(row, RESPONSE_COLUMNS.response))
        const reasons = text(get(row, RESPONSE_COLUMNS.reasons))
        if (!idText && !responseText && !reasons) return
        rowsRead++
        const err = (message: string) => errors.push({ sheet: 'Responses', row: n, message })
        const rec = v.recommendations.find((r) => String(r.id) === idText)
        if (!rec) return err(`Recommendation ID ${idText || '(empty)'} is not one of this plan’s recommendations`)
        const wording = text(get(row, RESPONSE_COLUMNS.title))
        if (wording && wording.replace(/\s+/g, ' ') !== rec.title.replace(/\s+/g, ' '))
          return err(
            `${rec.ref}: the recommendation’s wording is locked and cannot be changed (the rest of the row was not read)`,
          )
        if (!responseText) {
          if (rec.response)
            err(`${rec.ref}: a response cannot be removed; choose Accepted, Partly accepted or Not accepted`)
          return
        }
        const response = byLabel(RESPONSES, responseText)
        if (!response)
          return err(
            `${rec.ref}: “${responseText}” is not a response; choose Accepted, Partly accepted or Not accepted`,
          )
        if (response !== 'accepted' && !reasons)
          return err(
            `${rec.ref}: give the reasons it is ${response === 'not-accepted' ? 'not' : 'only partly'} accepted`,
          )
        const fc: FieldChange[] = []
        if (response !== rec.response)
          fc.push({
            field: 'response',
            label: 'Response',
            from: rec.response ? rec.responseLabel : '',
            to: RESPONSES.find((x) => x.key === response)!.label,
          })
        if (reasons !== rec.reasons) fc.push({ field: 'reasons', label: 'Reasons', from: rec.reasons, to: reasons })
        if (fc.length)
          changes.push({
            kind: 'response',
            row: n,
            recommendationId: rec.id,
            ref: rec.ref,
            response,
            reasons,
            changes: fc,
          })
      })
    }
  }

  const as = wb.getWorksheet('Actions')
  if (!as)
    errors.push({
      sheet: 'Actions',
      row: 0,
      message: 'The workbook has no Actions sheet: upload the file exported from this page',
    })
  else {
    const C = ACTION_COLUMNS
    const col = columns(as)
    const need = [C.id, C.recs, C.title, C.lead, C.target, C.status]
    const missing = need.filter((n) => !col.has(n.toLowerCase()))
    if (missing.length)
      errors.push({
        sheet: 'Actions',
        row: 1,
        message: `Missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
      })
    else {
      const raw = (r: ExcelJS.Row, name: string) =>
        col.has(name.toLowerCase()) ? r.getCell(col.get(name.toLowerCase())!).value : null
      const seen = new Set<number>()
      as.eachRow((row, n) => {
        if (n === 1) return
        const cells = Object.values(C).map((c) => text(raw(row, c)))
        if (cells.every((c) => !c)) return
        rowsRead++
        const rowErrors: string[] = []
        const err = (m: string) => rowErrors.push(m)
        const idText = text(raw(row, C.id))
        const action = idText ? v.actions.find((a) => String(a.id) === idText) : undefined
        if (idText && !action) {
          errors.push({
            sheet: 'Actions',
            row: n,
            message: `Action ID ${idText} is not one of this plan’s actions (leave it empty to add an action)`,
          })
          return
        }
        if (action && seen.has(action.id)) {
          errors.push({ sheet: 'Actions', row: n, message: `Action ${action.number} appears twice` })
          return
        }
        if (action) seen.add(action.id)
        const label = action ? `Action ${action.number}` : 'New action'
        const title = text(raw(row, C.title))
        // Files exported before the Description column was added have none: their descriptions are left alone.
        const description = col.has(C.description.toLowerCase()) ? text(raw(row, C.description)) : null
        const lead = text(raw(row, C.lead))
        if (!title) err('the action is empty')
        if (title.length > 2000) err('the action is longer than 2,000 characters')
        if (description && description.length > 10000) err('the description is longer than 10,000 characters')
        if (!lead) err('enter the lead officer')
        const refs = text(raw(row, C.recs))
          .split(/[,;\s]+/)
          .map((s) => s.trim().toUpperCase())
          .filter(Boolean)
        const unknown = refs.filter((r) => !recByRef.has(r))
        if (!refs.length) err('give the recommendations it serves (for example R1, R3)')
        if (unknown.length)
          err(
            `${unknown.join(', ')} ${unknown.length > 1 ? 'are not recommendations' : 'is not a recommendation'} of this plan`,
          )
        const recIds = refs.filter((r) => recByRef.has(r)).map((r) => recByRef.get(r)!.id)
        const start = dateOf(raw(row, C.start))
        const target = dateOf(raw(row, C.target))
        if (start === 'invalid') err('the start date is not a real date')
        if (target === 'invalid') err('the target date is not a real date')
        if (target === null) err('enter the target date')
        if (
          typeof start === 'string' &&
          start !== 'invalid' &&
          typeof target === 'string' &&
          target !== 'invalid' &&
          start > target
        )
          err('the start date is after the target date')
        const statusText = text(raw(row, C.status))
        const status = statusText ? byLabel(ACTION_STATUSES, statusText) : action ? action.status : 'not-started'
        if (!status) err(`“${statusText}” is not a status; choose ${ACTION_STATUSES.map((s) => s.label).join(', ')}`)
        const overrideText = text(raw(row, C.override))
        const override = overrideText ? byLabel(RAGS, overrideText) : null
        const overrideReason = text(raw(row, C.overrideReason))
        if (overrideText && !override)
          err(`“${overrideText}” is not a RAG rating; choose Red, Amber or Green, or leave it empty`)
        if (override && !overrideReason) err('a RAG rating set by hand needs a reason')
        const newUpdate = text(raw(row, C.newUpdate))
        const updateDate = dateOf(raw(row, C.updateDate))
        if (updateDate === 'invalid') err('the date of the new update is not a real date')
        if (typeof updateDate === 'string' && updateDate !== 'invalid' && updateDate > today)
          err('the new update is dated in the future')
        if (updateDate && updateDate !== 'invalid' && !newUpdate)
          err('a date for a new update was given without the update')
        const targetReason = text(raw(row, C.targetReason))
        if (rowErrors.length) {
          errors.push({ sheet: 'Actions', row: n, message: `${label}: ${rowErrors.join('; ')}` })
          return
        }
        const asOf = (updateDate as IsoDate | null) ?? today
        const progress = newUpdate ? { asOf, text: newUpdate, status: status as ActionStatus } : undefined
        if (!action) {
          changes.push({
            kind: 'new-action',
            row: n,
            title,
            ...(description ? { description } : {}),
            leadOfficer: lead,
            startDate: start as IsoDate | null,
            targetDate: target as IsoDate,
            recommendationIds: recIds,
            recommendationRefs: refs,
            progress,
          })
          return
        }
        const fc: FieldChange[] = []
        const set: Extract<PlanChange, { kind: 'action' }>['set'] = {}
        if (title !== action.title) {
          set.title = title
          fc.push({ field: 'title', label: 'Action', from: action.title, to: title })
        }
        if (description !== null && description !== action.description.trim()) {
          set.description = description
          fc.push({ field: 'description', label: 'Description', from: action.description, to: description })
        }
        if (lead !== action.leadOfficer) {
          set.leadOfficer = lead
          fc.push({ field: 'leadOfficer', label: 'Lead officer', from: action.leadOfficer, to: lead })
        }
        if ((start ?? null) !== action.startDate) {
          set.startDate = start as IsoDate | null
          fc.push({
            field: 'startDate',
            label: 'Start date',
            from: action.startDate ?? '',
            to: (start as string) ?? '',
          })
        }
        const sameRecs =
          recIds.length === action.recommendationIds.length &&
          recIds.every((id) => action.recommendationIds.includes(id))
        if (!sameRecs) {
          set.recommendationIds = recIds
          fc.push({
            field: 'recommendationIds',
            label: 'Recommendations',
            from: action.recommendationRefs.join(', '),
            to: refs.join(', '),
          })
        }
        let targetChange: { to: IsoDate; reason: string } | undefined
        if (target !== action.targetDate) {
          if (!targetReason) {
            errors.push({
              sheet: 'Actions',
              row: n,
              message: `${label}: the target date changes from ${action.targetDate} to ${target}; give the reason in “${C.targetReason}”`,
            })
            return
          }
          targetChange = { to: target as IsoDate, reason: targetReason }
          fc.push({
            field: 'targetDate',
            label: 'Target date',
            from: action.targetDate,
            to: `${target} (reason: ${targetReason})`,
          })
        }
        if (status !== action.status) {
          if (!newUpdate) {
            errors.push({
              sheet: 'Actions',
              row: n,
              message: `${label}: the status changes to “${statusText}”; add a new progress update saying what happened`,
            })
            return
          }
          fc.push({
            field: 'status',
            label: 'Status',
            from: action.statusLabel,
            to: ACTION_STATUSES.find((s) => s.key === status)!.label,
          })
        }
        let overrideChange: { rag: Rag | null; reason: string } | undefined
        const curOverride = action.override?.rag ?? null
        if ((override ?? null) !== curOverride || (override && overrideReason !== action.override?.reason)) {
          overrideChange = { rag: override ?? null, reason: overrideReason }
          fc.push({
            field: 'override',
            label: 'RAG set by hand',
            from: curOverride ? `${curOverride} (${action.override?.reason})` : '',
            to: override ? `${override} (${overrideReason})` : '',
          })
        }
        if (progress)
          fc.push({
            field: 'progress',
            label: 'New progress update',
            from: '',
            to: `${progress.asOf}: ${progress.text}`,
          })
        if (fc.length)
          changes.push({
            kind: 'action',
            row: n,
            actionId: action.id,
            number: action.number,
            changes: fc,
            set,
            target: targetChange,
            override: overrideChange,
            progress,
          })
      })
    }
  }
  return { planId, planVersion, changes, errors, rowsRead }
}
