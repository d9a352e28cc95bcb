import type { FastifyInstance } from 'fastify'
import { page } from '../web/routing.ts'
import { listCycleRules, listFrameworks, listReviewTypes } from './repo.ts'
import { describeRule } from './deadlines.ts'
import { GUARDS } from './workflow.ts'
import type { PlanRules, RagCondition } from '../action-plans/rules.ts'
import { frameworks } from './presenters.ts'

function describeCondition(c: RagCondition): string {
  const bits: string[] = []
  if (c.status) bits.push(`status is ${c.status.join(' or ')}`)
  if (c.overdue) bits.push('past its target date and not complete')
  if (c.dueWithinDays !== undefined) bits.push(`due within ${c.dueWithinDays} days`)
  if (c.milestoneOverdue) bits.push('a milestone is past its date')
  if (c.startPassed) bits.push('its start date has passed')
  if (c.daysSinceUpdate !== undefined) bits.push(`no update for ${c.daysSinceUpdate} days`)
  if (c.targetRevisions !== undefined) bits.push(`target date revised ${c.targetRevisions} or more times`)
  return bits.length ? bits.join(', and ') : 'otherwise'
}

export async function frameworkRoutes(app: FastifyInstance): Promise<void> {
  page(app, {
    path: '/frameworks',
    view: 'frameworks.njk',
    tags: ['reference'],
    public: true,
    response: frameworks,
    summary:
      'Review types with their workflows, the versioned frameworks with themes and deadline rules (each with the dates it applies between and their sources), what counts towards the five-year cycle by date, and the action plan rules',
    load: async (req) => {
      const reviewTypes = await listReviewTypes(req.ctx.db)
      const frameworks = (await listFrameworks(req.ctx.db)).map((f) => ({
        ...f,
        rules: f.rules.map((r) => ({
          ...r,
          describe: describeRule(r),
        })),
      }))
      const planRules = await req.ctx.db.query<{
        code: string
        name: string
        effectiveFrom: string
        sourceNote: string
        rules: PlanRules
      }>(
        `select code, name, effective_from as "effectiveFrom", source_note as "sourceNote", rules from plan_rulesets order by effective_from desc, code`,
      )
      return {
        reviewTypes,
        frameworks,
        cycleRules: await listCycleRules(req.ctx.db),
        guards: Object.fromEntries(Object.entries(GUARDS).map(([k, g]) => [k, g.describe])),
        planRules: planRules.map((r) => ({
          ...r,
          rag: r.rules.rag.map((x) => ({ ...x, when: describeCondition(x.if) })),
        })),
      }
    },
  })
}
