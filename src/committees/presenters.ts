import { z } from 'zod'
import { isoDateTime } from '../web/presenters.ts'

const kind = z.enum(['executive', 'scrutiny', 'audit', 'full-council', 'policy-committee'])
const officer = z.object({ name: z.string(), title: z.string() })

/** A council's committee settings (decision 0017), with the sector's template they follow. */
export const committeeSettings = z.object({
  council: z.object({ code: z.string(), name: z.string() }),
  settings: z.object({
    committees: z.array(z.object({ key: z.string(), name: z.string(), kind, approvesPlan: z.boolean() })),
    officers: z.object({ s151: officer, monitoring: officer, headOfPaidService: officer }),
    contact: z.object({ name: z.string(), title: z.string(), email: z.string(), phone: z.string() }),
    reportOf: z.string(),
    portfolioHolder: z.string(),
    wards: z.string(),
    sections: z.array(z.string()),
    text: z.record(z.string(), z.string()),
  }),
  version: z.int().min(0).meta({ description: 'Send it back when saving; 0: the council uses the sector’s template' }),
  own: z.boolean().meta({ description: 'The council has set its own (otherwise the sector’s template applies)' }),
  updatedAt: isoDateTime.nullable(),
  updatedBy: z.string().nullable(),
  template: z.object({
    code: z.string(),
    name: z.string(),
    schemaVersion: z.int(),
    source: z.string(),
    sections: z.array(z.object({ key: z.string(), heading: z.string(), required: z.boolean() })),
    kinds: z.array(z.object({ key: kind, label: z.string() })),
    text: z.record(z.string(), z.string()),
  }),
  values: z
    .record(z.string(), z.string())
    .meta({ description: 'The settings as the form (and the save) takes them: committees and sections one a line' }),
})

export const committeeSettingsSaved = z.object({ version: z.int().min(1) })
