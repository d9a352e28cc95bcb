import type { Ctx } from '../common/context.ts'
import { userId } from '../common/context.ts'
import { AppError } from '../common/errors.ts'
import { audit } from '../audit/audit.ts'
import { assertOnCouncil } from '../auth/policy.ts'
import { parseInput } from '../challenges/schemas.ts'
import { councilByCode, settingsOf, writeSettings } from './repo.ts'
import {
  committeeTemplate,
  kindLabel,
  settingsProblems,
  SETTINGS_SCHEMA_VERSION,
  TEXT_KEYS,
  type CommitteeSettings,
} from './rules.ts'
import { settingsSchema } from './schemas.ts'

async function loadCouncil(ctx: Ctx, code: string, action: 'view-committees' | 'edit-committees') {
  const council = await councilByCode(ctx.db, code)
  if (!council) throw AppError.notFound('Council')
  assertOnCouncil(ctx.actor, action, council.id)
  return council
}

/** The settings as the form shows them: committees one a line, sections one a line. */
function formValues(s: CommitteeSettings, version: number) {
  return {
    committees: s.committees
      .map((c) => `${c.name} | ${c.kind} | ${c.approvesPlan ? 'approves the plan' : 'no'}`)
      .join('\n'),
    s151Name: s.officers.s151.name,
    s151Title: s.officers.s151.title,
    monitoringName: s.officers.monitoring.name,
    monitoringTitle: s.officers.monitoring.title,
    headOfPaidServiceName: s.officers.headOfPaidService.name,
    headOfPaidServiceTitle: s.officers.headOfPaidService.title,
    contactName: s.contact.name,
    contactTitle: s.contact.title,
    contactEmail: s.contact.email,
    contactPhone: s.contact.phone,
    reportOf: s.reportOf,
    portfolioHolder: s.portfolioHolder,
    wards: s.wards,
    sections: s.sections.join('\n'),
    ...Object.fromEntries(TEXT_KEYS.map((k) => [k, s.text[k] ?? ''])),
    version: String(version),
  }
}

/** The committee settings page: the council's settings (or the sector's template), and the template they follow. */
export async function getCommitteeSettings(ctx: Ctx, code: string) {
  const council = await loadCouncil(ctx, code, 'view-committees')
  const stored = await settingsOf(ctx.db, council.id)
  const t = committeeTemplate()
  return {
    council: { code: council.code, name: council.name },
    settings: stored.settings,
    committees: stored.settings.committees.map((c) => ({ ...c, kindLabel: kindLabel(c.kind) })),
    version: stored.version,
    own: stored.version > 0,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    template: {
      code: t.code,
      name: t.name,
      schemaVersion: t.schema_version,
      source: t.source,
      sections: t.sections.map((s) => ({ key: s.key, heading: s.heading, required: !!s.required })),
      kinds: t.committeeKinds,
      text: t.text,
    },
    values: formValues(stored.settings, stored.version),
  }
}

export async function saveCommitteeSettings(ctx: Ctx, code: string, input: unknown): Promise<{ version: number }> {
  const council = await loadCouncil(ctx, code, 'edit-committees')
  const v = parseInput(settingsSchema, input)
  const settings: CommitteeSettings = {
    committees: v.committees,
    officers: {
      s151: { name: v.s151Name, title: v.s151Title },
      monitoring: { name: v.monitoringName, title: v.monitoringTitle },
      headOfPaidService: { name: v.headOfPaidServiceName, title: v.headOfPaidServiceTitle },
    },
    contact: { name: v.contactName, title: v.contactTitle, email: v.contactEmail, phone: v.contactPhone },
    reportOf: v.reportOf,
    portfolioHolder: v.portfolioHolder,
    wards: v.wards,
    // No sections listed: the template's, in its order.
    sections: v.sections.length ? v.sections : committeeTemplate().sections.map((x) => x.key),
    text: Object.fromEntries(TEXT_KEYS.filter((k) => v[k]).map((k) => [k, v[k]])),
  }
  const problems = settingsProblems(settings)
  if (Object.keys(problems).length) throw AppError.validation(problems)
  const before = await settingsOf(ctx.db, council.id)
  return ctx.db.transaction(async (tx) => {
    const ok = await writeSettings(
      tx,
      council.id,
      v.version,
      SETTINGS_SCHEMA_VERSION,
      settings,
      userId(ctx.actor),
      ctx.clock.now(),
    )
    if (!ok)
      throw AppError.conflict(
        'Someone else changed these settings while you were editing them. Reload the page to see their changes.',
      )
    await audit(tx, ctx, {
      action: 'council.committee-settings',
      visibility: 'council',
      entity: 'council',
      entityId: council.id,
      councilId: council.id,
      before: before.version ? before.settings : null,
      after: settings,
    })
    return { version: v.version + 1 }
  })
}
