import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from './config/config.ts'
import { openAndPrepare } from './boot.ts'
import { systemClock } from './common/clock.ts'
import { AppError } from './common/errors.ts'
import type { Ctx } from './common/context.ts'
import { SYSTEM_ACTOR, createUser } from './auth/users.ts'
import { importRegister } from './councils/service.ts'
import { importBankHolidays } from './frameworks/bank-holidays.ts'
import { seedDemo } from './demo/seed.ts'
import { importDocument, loadRefs } from './importer/importer.ts'
import { MAX_IMPORT_BYTES, stopExtractionWorker } from './importer/read.ts'
import { getImport, saveImport, uploadImport } from './importer/service.ts'
import { smtpMailer } from './notifications/mailer.ts'
import { runReminders } from './notifications/reminders.ts'

const HELP = `Usage: peer-challenge <command> [options]

Commands:
  migrate                              apply database migrations and load reference data
  import-councils FILE                 import or refresh the council register (mySociety CSV)
  import-bank-holidays FILE            import bank holidays in the gov.uk bank-holidays.json format
  create-user --email E --name N --role admin|peer|council [--council CODE] [--person-id ID]
                                       create an account; the password is read from PEER_CHALLENGE_PASSWORD
                                       (12 to 200 characters, hard to guess: three or more random words)
  seed-demo                            fill an empty database with the demo data
  reminders                            run the reminder job once (for cron; the app also runs it every hour):
                                       writes due reminders to the outbox and sends them when SMTP_URL is set
  import FILE... [--save] [--evidence]  read reports (.pdf, .docx, .txt, .md, .html) and print what was found as JSON;
                                       --evidence adds each field's source location and confidence; --save records
                                       each as a challenge with its team and key recommendations (never twice)

The database is the embedded one in ./data, or PostgreSQL when DATABASE_URL is set.`

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === 'help') {
    console.log(HELP)
    return command ? 0 : 1
  }
  const config = loadConfig()
  const db = await openAndPrepare(config)
  const ctx: Ctx = { db, actor: SYSTEM_ACTOR, clock: systemClock }
  try {
    switch (command) {
      case 'migrate':
        console.log('Database is up to date.')
        return 0
      case 'import-councils': {
        const file = rest[0]
        if (!file) throw new AppError('validation', 'Give the CSV file to import: peer-challenge import-councils FILE')
        const s = await importRegister(ctx, fs.readFileSync(file, 'utf8'))
        console.log(JSON.stringify(s, null, 2))
        return 0
      }
      case 'import-bank-holidays': {
        const file = rest[0]
        if (!file) throw new AppError('validation', 'Give the JSON file to import')
        const n = await importBankHolidays(ctx, fs.readFileSync(file, 'utf8'))
        console.log(`${n} bank holidays added.`)
        return 0
      }
      case 'create-user': {
        const { values } = parseArgs({
          args: rest,
          options: {
            email: { type: 'string' },
            name: { type: 'string' },
            role: { type: 'string' },
            council: { type: 'string' },
            'person-id': { type: 'string' },
          },
        })
        const password = process.env['PEER_CHALLENGE_PASSWORD']
        if (!password) throw new AppError('validation', 'Set PEER_CHALLENGE_PASSWORD to the new account’s password')
        let councilId: number | null = null
        if (values.council) {
          const c = await db.one<{ id: number }>(`select id from councils where code = $1`, [
            values.council.toUpperCase(),
          ])
          if (!c) throw new AppError('validation', `No council with code ${values.council}`)
          councilId = c.id
        }
        const id = await createUser(ctx, {
          email: values.email ?? '',
          name: values.name ?? '',
          password,
          role: values.role as 'admin',
          councilId,
          personId: values['person-id'] ? Number(values['person-id']) : null,
        })
        console.log(`Account ${id} created.`)
        return 0
      }
      case 'import': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { save: { type: 'boolean' }, evidence: { type: 'boolean' } },
        })
        if (!positionals.length)
          throw new AppError(
            'validation',
            'Give one or more files: peer-challenge import FILE... [--save] [--evidence]',
          )
        // --save reads through the upload service, which loads the register itself
        const refs = values.save ? null : await loadRefs(db)
        const out: unknown[] = []
        let failed = 0
        for (const file of positionals) {
          try {
            const size = fs.statSync(file).size
            if (size > MAX_IMPORT_BYTES)
              throw new AppError(
                'too-large',
                `${file} is ${(size / 1048576).toFixed(0)} MB; the largest file that can be imported is ${MAX_IMPORT_BYTES / 1048576} MB`,
              )
            const buf = fs.readFileSync(file)
            if (values.save) {
              // the upload reads the file once; what it stored is what is printed and saved
              const up = await uploadImport(ctx, {
                filename: path.basename(file),
                mimetype: 'application/octet-stream',
                data: buf,
              })
              const data = await getImport(ctx, up.id)
              const saved = await saveImport(ctx, up.id, data.values)
              out.push({
                file,
                source: data.source,
                summary: data.summary,
                ...(values.evidence ? { fields: data.fields } : {}),
                saved,
              })
            } else {
              const r = await importDocument(buf, file, refs!)
              out.push({ file, source: r.source, summary: r.summary, ...(values.evidence ? { fields: r.fields } : {}) })
            }
          } catch (e) {
            failed++
            const fields = e instanceof AppError && Object.keys(e.fields).length ? e.fields : undefined
            out.push({ file, error: (e as Error).message, ...(fields ? { fields } : {}) })
          }
        }
        await stopExtractionWorker()
        console.log(JSON.stringify(out, null, 2))
        return failed ? 1 : 0
      }
      case 'reminders': {
        const mailer = config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : null
        try {
          const r = await runReminders(db, systemClock, { mailer, baseUrl: config.publicUrl })
          console.log(
            r.ran
              ? `Reminders: ${r.created} new, ${r.sent} sent, ${r.failed} failed${mailer ? '' : ' (no SMTP_URL: they wait in the outbox page)'}`
              : 'Another instance is running the reminder job.',
          )
          return r.failed ? 1 : 0
        } finally {
          mailer?.close()
        }
      }
      case 'seed-demo': {
        const users = await db.one<{ n: number }>('select count(*)::int as n from users')
        if (users?.n)
          throw new AppError(
            'conflict',
            'The database already has accounts: demo data goes only into an empty database',
          )
        await seedDemo(db, systemClock.today())
        console.log('Demo data loaded.')
        return 0
      }
      default:
        console.error(`Unknown command: ${command}\n\n${HELP}`)
        return 1
    }
  } finally {
    await db.close()
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (e) {
  if (e instanceof AppError || e instanceof ConfigError) {
    console.error(
      e.message +
        (e instanceof AppError && Object.keys(e.fields).length ? '\n' + Object.values(e.fields).join('\n') : ''),
    )
    process.exitCode = 1
  } else throw e
}
