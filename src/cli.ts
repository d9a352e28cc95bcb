/**
 * The command line. Each command declares its options; they are parsed strictly, so an unknown or malformed option
 * prints the command's usage and exits with 2 (0 for --help). Everything else is loaded when a command needs it:
 * `--help` and reading documents never load the database, the web app or the Office/PDF libraries.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { Db } from './db/db.ts'
import type { Config } from './config/config.ts'
import type { Ctx } from './common/context.ts'

type Options = NonNullable<ParseArgsConfig['options']>
type Values = Record<string, string | boolean | undefined>

interface Command {
  /** the arguments after the command's name, as the usage line shows them */
  args: string
  about: string
  /** more for the command's own --help */
  more?: string
  options: Options
  /** positional arguments: how many are needed, and at most */
  positionals: { min: number; max: number }
  run(values: Values, positionals: string[]): Promise<number>
}

/** A mistake in how the command was called: the command's usage follows the message and the exit code is 2. */
class UsageError extends Error {}

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const satisfies Options

const COMMANDS: Record<string, Command> = {
  migrate: {
    args: '',
    about: 'apply database migrations and load reference data',
    options: {},
    positionals: { min: 0, max: 0 },
    run: () =>
      withDb(async () => {
        console.log('Database is up to date.')
        return 0
      }),
  },
  'import-councils': {
    args: 'FILE',
    about: 'import or refresh the council register (mySociety CSV)',
    options: {},
    positionals: { min: 1, max: 1 },
    run: (_v, [file]) =>
      withDb(async (ctx) => {
        const fs = await import('node:fs')
        const { importRegister } = await import('./councils/service.ts')
        const s = await importRegister(ctx, fs.readFileSync(file!, 'utf8'))
        console.log(JSON.stringify(s, null, 2))
        return 0
      }),
  },
  'import-bank-holidays': {
    args: 'FILE',
    about: 'import bank holidays in the gov.uk bank-holidays.json format',
    options: {},
    positionals: { min: 1, max: 1 },
    run: (_v, [file]) =>
      withDb(async (ctx) => {
        const fs = await import('node:fs')
        const { importBankHolidays } = await import('./frameworks/bank-holidays.ts')
        const n = await importBankHolidays(ctx, fs.readFileSync(file!, 'utf8'))
        console.log(`${n} bank holidays added.`)
        return 0
      }),
  },
  'create-user': {
    args: '--email E --name N --role admin|peer|council [--council CODE] [--person-id ID]',
    about:
      'create an account; the password is read from PEER_CHALLENGE_PASSWORD\n' +
      '(12 to 200 characters, hard to guess: three or more random words)',
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      council: { type: 'string' },
      'person-id': { type: 'string' },
    },
    positionals: { min: 0, max: 0 },
    run: async (values) => {
      for (const k of ['email', 'name', 'role'])
        if (typeof values[k] !== 'string' || !values[k]) throw new UsageError(`--${k} is needed`)
      if (!['admin', 'peer', 'council'].includes(values['role'] as string))
        throw new UsageError(`--role must be admin, peer or council, not '${String(values['role'])}'`)
      const personId = values['person-id'] as string | undefined
      if (personId !== undefined && !/^\d+$/.test(personId)) throw new UsageError('--person-id must be a number')
      return withDb(async (ctx, db) => {
        const { AppError } = await import('./common/errors.ts')
        const { createUser } = await import('./auth/users.ts')
        const password = process.env['PEER_CHALLENGE_PASSWORD']
        if (!password) throw new AppError('validation', 'Set PEER_CHALLENGE_PASSWORD to the new account’s password')
        let councilId: number | null = null
        const council = values['council'] as string | undefined
        if (council) {
          const c = await db.one<{ id: number }>(`select id from councils where code = $1`, [council.toUpperCase()])
          if (!c) throw new AppError('validation', `No council with code ${council}`)
          councilId = c.id
        }
        const id = await createUser(ctx, {
          email: values['email'] as string,
          name: values['name'] as string,
          password,
          role: values['role'] as 'admin',
          councilId,
          personId: personId ? Number(personId) : null,
        })
        console.log(`Account ${id} created.`)
        return 0
      })
    },
  },
  'seed-demo': {
    args: '',
    about: 'fill an empty database with the demo data',
    options: {},
    positionals: { min: 0, max: 0 },
    run: () =>
      withDb(async (_ctx, db) => {
        const { AppError } = await import('./common/errors.ts')
        const { seedDemo } = await import('./demo/seed.ts')
        const { systemClock } = await import('./common/clock.ts')
        const users = await db.one<{ n: number }>('select count(*)::int as n from users')
        if (users?.n)
          throw new AppError(
            'conflict',
            'The database already has accounts: demo data goes only into an empty database',
          )
        await seedDemo(db, systemClock.today())
        console.log('Demo data loaded.')
        return 0
      }),
  },
  backup: {
    args: 'FILE',
    about: 'back up the database to FILE (the embedded one, or PostgreSQL with pg_dump)',
    more: 'Safe while the app runs on PostgreSQL; stop the app first for the embedded database.',
    options: {},
    positionals: { min: 1, max: 1 },
    run: async (_v, [file]) => {
      const { loadConfig } = await import('./config/config.ts')
      const config = loadConfig()
      const { backup } = await import('./ops/backup.ts')
      const r = await backup(config, file!)
      console.log(
        `Backed up the ${r.kind === 'pglite' ? 'embedded' : 'PostgreSQL'} database to ${file} (${r.bytes} bytes).`,
      )
      return 0
    },
  },
  restore: {
    args: 'FILE',
    about: 'replace the database with the backup in FILE (stop the app first)',
    more: 'The embedded database is kept beside the restored one as pgdata.before-restore-TIME.',
    options: {},
    positionals: { min: 1, max: 1 },
    run: async (_v, [file]) => {
      const { loadConfig } = await import('./config/config.ts')
      const config = loadConfig()
      const { restore } = await import('./ops/backup.ts')
      const r = await restore(config, file!)
      console.log(`Restored ${file}.${r.keptAs ? ` The database it replaced is kept in ${r.keptAs}.` : ''}`)
      return 0
    },
  },
  reminders: {
    args: '',
    about:
      'run the reminder job once (for cron; the app also runs it every hour):\n' +
      'writes due reminders to the outbox and sends them when SMTP_URL is set',
    options: {},
    positionals: { min: 0, max: 0 },
    run: () =>
      withDb(async (_ctx, db, config) => {
        const { smtpMailer } = await import('./notifications/mailer.ts')
        const { runReminders } = await import('./notifications/reminders.ts')
        const { systemClock } = await import('./common/clock.ts')
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
      }),
  },
  import: {
    args: 'FILE|FOLDER... [--json] [--evidence] [--save | --background | --jobs N]',
    about:
      'read reports (.pdf, .docx, .txt, .md, .html, or folders of them) and print a summary;\n' +
      '--json: each file’s result as JSON; --save: record each as a challenge (never twice)',
    more:
      'A folder is read with every such file in it and below. On a terminal a progress bar shows on stderr; the\n' +
      'summary gives the documents read by format and kind, the councils found and each failure with its reason.\n' +
      '  --json      print one JSON document instead: { files: [each file’s result], summary }\n' +
      '  --evidence  with --json, each field’s source location and confidence\n' +
      '  --save      record each document as a challenge with its team and recommendations\n' +
      '  --jobs N    read on N threads at once (a folder of many documents on several cores; not with --save)\n' +
      '  --background  record them as historic challenges through the bulk import job: resumable after a restart,\n' +
      '              never the same document twice, unsure values to the review queue (/bulk-imports, /import-reviews)\n' +
      'Reading needs no database: the council register and the frameworks come from the snapshot that every\n' +
      'command using the database leaves in the data directory (DATA_DIR/importer-refs.json).\n' +
      'Exit code: 0 when every file was read (and saved), 1 when any failed, 2 for a mistake in the command',
    options: {
      json: { type: 'boolean' },
      evidence: { type: 'boolean' },
      save: { type: 'boolean' },
      background: { type: 'boolean' },
      jobs: { type: 'string', short: 'j' },
    },
    positionals: { min: 1, max: Infinity },
    run: async (values, paths) => {
      const jobs = values['jobs'] === undefined ? 1 : Number(values['jobs'])
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError('--jobs must be a number from 1 to 64')
      if (jobs > 1 && values['save']) throw new UsageError('--jobs reads only: it cannot be used with --save')
      if (values['background']) {
        if (values['save'] || jobs > 1 || values['evidence'])
          throw new UsageError('--background cannot be used with --save, --jobs or --evidence')
        const { loadConfig } = await import('./config/config.ts')
        const { runBulkImport } = await import('./importer/cli-bulk.ts')
        return runBulkImport(paths, { json: !!values['json'], config: loadConfig() })
      }
      // reading alone needs only where the data is (the whole configuration, and its library, only to save)
      const config = values['save']
        ? (await import('./config/config.ts')).loadConfig()
        : (await import('./config/storage.ts')).loadStorageConfig()
      const { runImport } = await import('./importer/cli-import.ts')
      return runImport(paths, {
        json: !!values['json'],
        evidence: !!values['evidence'],
        save: !!values['save'],
        jobs,
        config,
      })
    },
  },
}

const usageLine = (name: string, c: Command) => `peer-challenge ${name}${c.args ? ` ${c.args}` : ''}`

const HELP = `Usage: peer-challenge <command> [options]    (peer-challenge <command> --help for one command)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => {
    const head = `  ${name}${c.args ? ` ${c.args}` : ''}`
    const about = c.about.split('\n')
    return head.length < 38
      ? [`${head.padEnd(39)}${about[0]}`, ...about.slice(1).map((l) => `${' '.repeat(39)}${l}`)].join('\n')
      : [head, ...about.map((l) => `${' '.repeat(39)}${l}`)].join('\n')
  })
  .join('\n')}

The database is the embedded one in ./data (DATA_DIR), or PostgreSQL when DATABASE_URL is set.`

function commandHelp(name: string, c: Command): string {
  return `Usage: ${usageLine(name, c)}\n\n${c.about.replace(/\n/g, ' ')}.\n${c.more ? `\n${c.more}.\n` : ''}`
}

/** Opens the database (migrated, reference data loaded), runs `fn`, refreshes the importer's snapshot, closes. */
async function withDb(fn: (ctx: Ctx, db: Db, config: Config) => Promise<number>): Promise<number> {
  const { loadConfig } = await import('./config/config.ts')
  const config = loadConfig()
  const { openAndPrepare } = await import('./boot.ts')
  const { SYSTEM_ACTOR } = await import('./auth/users.ts')
  const { systemClock } = await import('./common/clock.ts')
  const db = await openAndPrepare(config)
  try {
    const code = await fn({ db, actor: SYSTEM_ACTOR, clock: systemClock }, db, config)
    // whatever the command changed, the snapshot that reading documents uses follows the database
    const { writeRefsSnapshot } = await import('./importer/refs.ts')
    await writeRefsSnapshot(db, config.dataDir)
    return code
  } finally {
    await db.close()
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(HELP)
    return 0
  }
  if (!name) {
    console.error(HELP)
    return 2
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    console.error(`peer-challenge: there is no command '${name}'\n\n${HELP}`)
    return 2
  }
  try {
    let parsed: { values: Values; positionals: string[] }
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...command.options, ...HELP_OPTION },
        allowPositionals: true,
        strict: true,
      }) as { values: Values; positionals: string[] }
    } catch (e) {
      // node's messages for unknown options, missing values and stray arguments
      if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((e as Error).message)
      throw e
    }
    if (parsed.values['help']) {
      console.log(commandHelp(name, command))
      return 0
    }
    const n = parsed.positionals.length
    if (n < command.positionals.min)
      throw new UsageError(command.positionals.min === 1 ? 'an argument is missing' : 'arguments are missing')
    if (n > command.positionals.max)
      throw new UsageError(`unexpected argument '${parsed.positionals[command.positionals.max]}'`)
    return await command.run(parsed.values, parsed.positionals)
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`peer-challenge ${name}: ${e.message}\n\n${commandHelp(name, command)}`)
      return 2
    }
    throw e
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (e) {
  // the errors that explain themselves (AppError from the services, ConfigError from the environment) as a message
  const err = e as Error & { code?: unknown; fields?: Record<string, string> }
  const { AppError } = await import('./common/errors.ts')
  const { ConfigError } = await import('./config/storage.ts')
  if (e instanceof AppError || e instanceof ConfigError) {
    const fields =
      e instanceof AppError && Object.keys(e.fields).length ? '\n' + Object.values(e.fields).join('\n') : ''
    console.error(err.message + fields)
    process.exitCode = 1
  } else throw e
}
