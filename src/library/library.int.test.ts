import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { as, challengeId, demoEnv, type TestEnv } from '../testing/harness.ts'

/**
 * The library (issue 16): full-text search through the access model. The public finds published material alone;
 * Melton's draft report (issued to Melton for its factual check) is found by Melton's officers, the peer team and the
 * programme office, never by the public or another council. Passages are escaped with the terms marked; phrase and
 * boolean syntax; facets with counts; pages; the open data as CSV and JSON; the index written in the same transaction.
 */
let env: TestEnv
let mel: number
let lbh: number
before(async () => {
  env = await demoEnv()
  mel = await challengeId(env.db, 'CPC-2026-MEL')
  lbh = (await env.db.one<{ id: number }>(
    `select c.id from challenges c join councils co on co.id = c.council_id where co.code = 'LBH' and c.review_type = 'cpc'`,
  ))!.id
})
after(async () => env?.close())

interface Hit {
  title: string
  titleHtml: string
  passage: string
  passageHtml: string
  href: string
  source: string
  challengeId: number
  council: { code: string }
}
interface Result {
  total: number
  capped: boolean
  pages: number
  page: number
  hits: Hit[]
  facets: { key: string; options: { value: string; count: number; selected: boolean }[] }[]
}

async function search(who: Parameters<typeof as>[1], params: Record<string, string>): Promise<Result> {
  const c = await as(env.app, who)
  const res = await c.get(`/api/library?${new URLSearchParams(params)}`)
  assert.equal(res.statusCode, 200, res.body)
  return res.json() as Result
}

test('the public finds published recommendations, with the terms marked, linked to their passage', async () => {
  const r = await search('public', { q: 'co-operative council' })
  assert.ok(r.total >= 1)
  const hit = r.hits.find((h) => h.challengeId === lbh)!
  assert.ok(hit, 'Haringey’s published recommendation is found')
  assert.match(hit.titleHtml, /<mark>co<\/mark>-<mark>operative<\/mark>/i)
  assert.match(hit.href, new RegExp(`^/challenges/${lbh}/recommendations#rec-\\d+$`))
  const page = await (await as(env.app, 'public')).get(hit.href.split('#')[0]!)
  assert.equal(page.statusCode, 200)
  assert.match(page.body, new RegExp(`id="${hit.href.split('#')[1]}"`))
})

test('Melton’s draft report: its officers, the team and the programme office find it; the public and another council do not', async () => {
  const phrase = { q: '"punches above its weight"' }
  assert.equal((await search('public', phrase)).total, 0)
  assert.equal((await search('nwl', phrase)).total, 0)
  for (const who of ['melton', 'lead', 'pcm', 'admin'] as const) {
    const r = await search(who, phrase)
    assert.equal(r.total, 1, who)
    assert.equal(r.hits[0]!.source, 'report')
    assert.equal(r.hits[0]!.href, `/challenges/${mel}/report#theme-leadership`)
  }
  // Its draft recommendations too (the council's once the draft is issued).
  assert.equal((await search('public', { q: 'reorganisation dedicated programme' })).total, 0)
  assert.equal((await search('nwl', { q: 'reorganisation dedicated programme' })).total, 0)
  assert.ok((await search('melton', { q: 'reorganisation dedicated programme' })).total >= 1)
  // The HTML page says the same, and the report page has the anchor the hit links to.
  const melton = await as(env.app, 'melton')
  const html = (await melton.get('/library?q=%22punches+above+its+weight%22')).body
  assert.match(html, /<mark>punches<\/mark>/)
  assert.match((await melton.get(`/challenges/${mel}/report`)).body, /id="theme-leadership"/)
  const pub = (await (await as(env.app, 'public')).get('/library?q=%22punches+above+its+weight%22')).body
  assert.doesNotMatch(pub, /<mark>/)
  assert.match(pub, /0 results/)
})

test('a later draft the council has not been sent: the team finds the latest, the council the issued one, once each', async () => {
  const lead = await as(env.app, 'lead')
  const form = (await lead.get(`/api/challenges/${mel}/report/edit`)).json() as {
    baseVersion: number
    values: Record<string, string>
  }
  const res = await lead.post(`/api/challenges/${mel}/report`, {
    json: {
      ...form.values,
      'theme-leadership': 'Partners describe the leadership as visible and trusted; quietly ambitious for the borough.',
      baseVersion: form.baseVersion,
    },
  })
  assert.equal(res.statusCode, 201, res.body)
  const team = await search('lead', { q: 'quietly ambitious' })
  assert.equal(team.total, 1)
  assert.equal((await search('lead', { q: '"punches above its weight"' })).total, 0, 'the team reads the latest')
  assert.equal((await search('melton', { q: 'quietly ambitious' })).total, 0, 'not issued to the council')
  assert.equal((await search('melton', { q: '"punches above its weight"' })).total, 1, 'the council: the issued draft')
  const sections = await search('lead', { q: 'council', source: 'report' })
  const parts = sections.hits.filter((h) => h.challengeId === mel).map((h) => h.href)
  assert.equal(new Set(parts).size, parts.length, 'one hit per section')
})

test('a recommendation with markup comes back escaped; the index is written in the same transaction', async () => {
  const published = lbh
  await env.db.query(
    `insert into recommendations (challenge_id, kind, number, title, body) values ($1, 'key', 77, $2, $3)`,
    [published, 'Zanzibarish <script>alert(1)</script> resilience', '=HYPERLINK("http://evil.example") & <b>bold</b>'],
  )
  const r = await search('public', { q: 'zanzibarish' })
  assert.equal(r.total, 1)
  assert.ok(!r.hits[0]!.titleHtml.includes('<script>'))
  assert.match(r.hits[0]!.titleHtml, /<mark>Zanzibarish<\/mark> &lt;script&gt;alert\(1\)&lt;\/script&gt;/)
  const html = (await (await as(env.app, 'public')).get('/library?q=zanzibarish')).body
  assert.ok(!html.includes('<script>alert(1)'))
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)

  // Rolled back: never found.
  await assert.rejects(
    env.db.transaction(async (tx) => {
      await tx.query(
        `insert into recommendations (challenge_id, kind, number, title) values ($1, 'key', 78, 'Quokkaesque partnership board')`,
        [published],
      )
      const inside = await tx.one(
        `select 1 from library_entries where search @@ websearch_to_tsquery('english', 'quokkaesque')`,
      )
      assert.ok(inside, 'indexed inside the transaction')
      throw new Error('roll back')
    }),
    /roll back/,
  )
  assert.equal((await search('public', { q: 'quokkaesque' })).total, 0)
  assert.equal((await search('admin', { q: 'quokkaesque' })).total, 0)

  // Written through the service: found at once; changed: found under its new words; removed: gone.
  const admin = await as(env.app, 'admin')
  const add = await admin.post(`/api/challenges/${mel}/recommendations`, {
    json: { kind: 'key', title: 'Commission a wombatlike review of leisure services' },
  })
  assert.equal(add.statusCode, 201, add.body)
  assert.equal((await search('admin', { q: 'wombatlike' })).total, 1)
  assert.equal((await search('public', { q: 'wombatlike' })).total, 0)
})

test('phrase, OR and exclusion', async () => {
  const words = await search('public', { q: 'overview scrutiny' })
  const phrase = await search('public', { q: '"overview and scrutiny"' })
  assert.ok(phrase.total >= 1 && phrase.total <= words.total)
  const a = await search('public', { q: 'appraisal' })
  const b = await search('public', { q: 'reserves' })
  const either = await search('public', { q: 'appraisal OR reserves' })
  assert.equal(either.total, a.total + b.total - 0 /* no passage names both */)
  const savings = await search('public', { q: 'savings' })
  const notBudget = await search('public', { q: 'savings -budget' })
  assert.ok(notBudget.total < savings.total)
  for (const h of notBudget.hits) assert.doesNotMatch(`${h.title} ${h.passage}`, /\bbudget/i)
  // Nonsense is not an error.
  assert.equal((await search('public', { q: '" OR -' })).total >= 0, true)
  assert.equal((await search('public', { q: '&|!():*' })).total >= 0, true)
})

test('facets count the hits; a filter narrows them; the council page links to its library', async () => {
  const all = await search('public', {})
  const facet = (r: Result, k: string) => r.facets.find((f) => f.key === k)!.options
  const sum = (r: Result, k: string) => facet(r, k).reduce((s, o) => s + o.count, 0)
  assert.equal(sum(all, 'source'), all.total)
  assert.equal(sum(all, 'year'), all.total)
  assert.equal(sum(all, 'region'), all.total)
  const y = facet(all, 'year')[0]!
  const byYear = await search('public', { year: y.value })
  assert.equal(byYear.total, y.count)
  assert.ok(facet(byYear, 'year').find((o) => o.value === y.value)!.selected)
  const t = facet(all, 'type')[0]!
  assert.equal((await search('public', { type: t.value })).total, t.count)
  const th = facet(all, 'theme')[0]
  if (th) assert.equal((await search('public', { theme: th.value })).total, th.count)
  assert.ok(all.facets.some((f) => f.key === 'recTheme'))
  const council = await (await as(env.app, 'public')).get('/councils/LBH')
  assert.match(council.body, /href="\/library\?council=LBH"/)
  const lib = await search('public', { council: 'LBH' })
  assert.ok(lib.total > 0 && lib.hits.every((h) => h.council.code === 'LBH'))
  // Bad values are ignored, not errors.
  assert.equal((await search('public', { year: 'abcd', page: '-4', source: 'nope' })).total, all.total)
})

test('pages of 20 with GOV.UK pagination; a page past the end shows the last', async () => {
  const values = Array.from(
    { length: 45 },
    (_, i) => `(${lbh}, 'theme', 'place', ${100 + i}, 'Platypusian recommendation ${i}')`,
  )
  await env.db.query(
    `insert into recommendations (challenge_id, kind, theme_key, number, title) values ${values.join(',')}`,
  )
  const p1 = await search('public', { q: 'platypusian' })
  assert.equal(p1.total, 45)
  assert.equal(p1.pages, 3)
  assert.equal(p1.hits.length, 20)
  const p3 = await search('public', { q: 'platypusian', page: '3' })
  assert.equal(p3.hits.length, 5)
  assert.equal((await search('public', { q: 'platypusian', page: '99' })).page, 3)
  const ids = new Set(
    [...p1.hits, ...(await search('public', { q: 'platypusian', page: '2' })).hits, ...p3.hits].map((h) => h.href),
  )
  assert.equal(ids.size, 45)
  const html = (await (await as(env.app, 'public')).get('/library?q=platypusian&page=2')).body
  assert.match(html, /govuk-pagination/)
  assert.match(html, /href="\/library\?q=platypusian&amp;page=3"/)
  assert.match(html, /45 results/)
})

test('open data: the public library as CSV (formulas neutralised) and JSON, with the licence; never more than public', async () => {
  const melton = await as(env.app, 'melton')
  const csv = await melton.get('/library.csv?q=zanzibarish')
  assert.equal(csv.statusCode, 200)
  assert.match(String(csv.headers['content-type']), /text\/csv/)
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="peer-challenge-library.csv"/)
  assert.match(csv.body, /^\ufeffid,council,council_code/)
  assert.match(csv.body, /'=HYPERLINK/)
  assert.doesNotMatch(csv.body, /,=HYPERLINK/)
  const all = await melton.get('/library.csv')
  assert.doesNotMatch(all.body, /punches above its weight/)
  assert.match(all.body, /co-operative council/)
  const json = await melton.get('/api/library.json')
  assert.equal(json.statusCode, 200)
  const data = json.json() as { licence: { name: string }; count: number; entries: { title: string; link: string }[] }
  assert.equal(data.licence.name, 'Open Government Licence v3.0')
  assert.equal(data.count, data.entries.length)
  assert.ok(data.entries.length > 10)
  assert.ok(!JSON.stringify(data).includes('punches above its weight'))
  const page = (await melton.get('/library')).body
  assert.match(page, /href="\/library.csv"/)
  assert.match(page, /Open Government Licence v3.0/)
})

test('an imported document’s text is found with its document’s audience: a final report by all, an "other" paper by the council', async () => {
  const nwl = (await env.db.one<{ id: number }>(
    `select c.id from challenges c join councils co on co.id = c.council_id where co.code = 'NWL' and c.review_type = 'cpc'`,
  ))!.id
  const save = async (kind: string, sha: string, text: string) =>
    env.db.transaction(async (tx) => {
      const doc = (await tx.one<{ id: number }>(
        `insert into documents (challenge_id, kind, title, created_at) values ($1, $2, $3, now()) returning id`,
        [nwl, kind, `Imported ${kind}`],
      ))!
      await tx.query(
        `insert into document_versions (document_id, version, filename, content_type, size_bytes, sha256, content, uploaded_at)
         values ($1, 1, 'x.txt', 'text/plain', 1, $2, '\\x00', now())`,
        [doc.id, sha],
      )
      const imp = (await tx.one<{ id: number }>(
        `insert into imports (filename, format, size_bytes, sha256, content, text, extraction, created_at)
         values ('x.txt', 'text', 1, $1, '\\x00', $2, '{}', now()) returning id`,
        [sha, text],
      ))!
      // Found once the import is saved as the challenge's (the importer's last step), not while under review.
      assert.equal(
        (await tx.query(`select 1 from library_entries where source = 'document' and source_id = $1`, [imp.id])).length,
        0,
      )
      await tx.query(`update imports set status = 'saved', challenge_id = $2, saved_at = now() where id = $1`, [
        imp.id,
        nwl,
      ])
      return doc.id
    })
  const report = await save('final-report', 'a'.repeat(64), 'The peer team found a gallimaufry of strong partnerships.')
  await save('other', 'b'.repeat(64), 'A private note on the hornswoggle programme.')
  const pub = await search('public', { q: 'gallimaufry' })
  assert.equal(pub.total, 1)
  assert.equal(pub.hits[0]!.source, 'document')
  assert.equal(pub.hits[0]!.href, `/challenges/${nwl}/documents#document-${report}`)
  assert.equal((await search('public', { q: 'hornswoggle' })).total, 0)
  assert.equal((await search('melton', { q: 'hornswoggle' })).total, 0)
  assert.equal((await search('nwl', { q: 'hornswoggle' })).total, 1)
})

test('a broad search ranks only its newest hits (decision 0029): they come first by relevance, the rest newest first', async () => {
  const { searchOnce } = await import('./repo.ts')
  const { PUBLIC } = await import('../common/context.ts')
  const today = env.clock.today()
  const f = { q: 'council' } as Parameters<typeof searchOnce>[3]
  const all = await searchOnce(env.db, PUBLIC, today, f, { offset: 0, limit: 1000 })
  assert.ok(all.hits.length > 6, `hits: ${all.hits.length}`)
  const within = 3
  const part = await searchOnce(env.db, PUBLIC, today, f, { offset: 0, limit: 1000, rankWithin: within })
  // The same hits, counted and faceted the same.
  assert.deepEqual(
    part.hits.map((h) => h.id).sort((a, b) => a - b),
    all.hits.map((h) => h.id).sort((a, b) => a - b),
  )
  assert.deepEqual(part.facets, all.facets)
  const newest = [...all.hits].sort(
    (a, b) => String(b.entryDate ?? '').localeCompare(String(a.entryDate ?? '')) || b.id - a.id,
  )
  // The first `within` are the newest hits, best first; the rest follow newest first, unranked.
  assert.deepEqual(
    part.hits
      .slice(0, within)
      .map((h) => h.id)
      .sort((a, b) => a - b),
    newest
      .slice(0, within)
      .map((h) => h.id)
      .sort((a, b) => a - b),
  )
  const ranks = part.hits.slice(0, within).map((h) => h.rank)
  assert.deepEqual(
    ranks,
    [...ranks].sort((a, b) => b - a),
  )
  assert.ok(ranks.every((r) => r > 0))
  assert.deepEqual(
    part.hits.slice(within).map((h) => h.id),
    newest.slice(within).map((h) => h.id),
  )
  assert.ok(part.hits.slice(within).every((h) => h.rank === 0))
  // A page past the ranked ones goes on newest first.
  const later = await searchOnce(env.db, PUBLIC, today, f, { offset: within, limit: 2, rankWithin: within })
  assert.deepEqual(
    later.hits.map((h) => h.id),
    newest.slice(within, within + 2).map((h) => h.id),
  )
})

/** The columns the compact search table copies (decision 0035), as text, for comparing the two tables. */
const FACT_COLUMNS = `id, challenge_id, source, version, later_version, kind, public_from, entry_date, year, la_type, region,
  review_type, council_id, theme_key, rec_theme, search`
async function factsOutOfStep(db: { query: TestEnv['db']['query'] }) {
  return db.query(
    `(select ${FACT_COLUMNS} from library_entries except all select ${FACT_COLUMNS} from library_facts)
     union all
     (select ${FACT_COLUMNS} from library_facts except all select ${FACT_COLUMNS} from library_entries)`,
  )
}

test('the compact search table copies every entry in the writing transaction: insert, change, publication, delete, roll back', async () => {
  assert.ok((await env.db.one<{ n: number }>(`select count(*)::int as n from library_facts`))!.n > 0)
  assert.deepEqual(await factsOutOfStep(env.db), [])
  await assert.rejects(
    env.db.transaction(async (tx) => {
      await tx.query(
        `insert into recommendations (challenge_id, kind, number, title) values ($1, 'key', 91, 'Axolotlian shared services')`,
        [lbh],
      )
      // Copied as the transaction commits (a deferred trigger): here, asked for at once.
      await tx.query('set constraints library_entries_facts immediate')
      const inside = await tx.one(
        `select 1 from library_facts where search @@ websearch_to_tsquery('english', 'axolotlian')`,
      )
      assert.ok(inside, 'copied inside the transaction')
      throw new Error('roll back')
    }),
    /roll back/,
  )
  assert.equal(
    (await env.db.one<{ n: number }>(
      `select count(*)::int as n from library_facts where search @@ websearch_to_tsquery('english', 'axolotlian')`,
    ))!.n,
    0,
  )
  const rec = (await env.db.one<{ id: number }>(
    `insert into recommendations (challenge_id, kind, number, title) values ($1, 'key', 92, 'Capybaran shared services') returning id`,
    [lbh],
  ))!
  assert.equal((await search('public', { q: 'capybaran' })).total, 1)
  await env.db.query(`update recommendations set title = 'Tapirish shared services' where id = $1`, [rec.id])
  assert.equal((await search('public', { q: 'capybaran' })).total, 0)
  assert.equal((await search('public', { q: 'tapirish' })).total, 1)
  // The challenge's publication date moves: every entry's public date follows (migration 018's refresh), here too.
  const from = (await env.db.one<{ d: string }>(`select report_public_from::text as d from challenges where id = $1`, [
    lbh,
  ]))!.d
  await env.db.query(`update challenges set report_public_from = '2099-01-01' where id = $1`, [lbh])
  assert.deepEqual(await factsOutOfStep(env.db), [])
  assert.equal((await search('public', { q: 'tapirish' })).total, 0)
  await env.db.query(`update challenges set report_public_from = $2 where id = $1`, [lbh, from])
  assert.equal((await search('public', { q: 'tapirish' })).total, 1)
  await env.db.query(`delete from recommendations where id = $1`, [rec.id])
  assert.equal((await search('admin', { q: 'tapirish' })).total, 0)
  assert.deepEqual(await factsOutOfStep(env.db), [])
})

test('facets count every hit the access model shows (decision 0035), by one statement over the hits read once', async () => {
  const { searchOnce } = await import('./repo.ts')
  const { PUBLIC } = await import('../common/context.ts')
  const { libraryScope } = await import('../auth/policy.ts')
  const { Params } = await import('../db/sql.ts')
  const today = env.clock.today()
  for (const words of ['council', 'scrutiny OR governance', '"overview and scrutiny"']) {
    const got = await searchOnce(env.db, PUBLIC, today, { q: words } as Parameters<typeof searchOnce>[3], {
      offset: 0,
      limit: 20,
    })
    // Counted directly on the wide table with the policy's own scope.
    const q = new Params()
    const tsq = `websearch_to_tsquery('english', ${q.add(words)})`
    // Every facet and the total (the facets are counted in three grouping sets and summed: decision 0035, round 2).
    const columns: [string, string][] = [
      ['year', 'l.year::text'],
      ['source', 'l.source'],
      ['review', 'l.review_type'],
      ['type', 'l.la_type'],
      ['region', 'l.region'],
      ['theme', 'l.theme_key'],
      ['recTheme', 'l.rec_theme'],
      ['total', 'null::text'],
    ]
    const scope = libraryScope(PUBLIC, q, today, 'l')
    const want = await env.db.query<{ facet: string; value: string | null; n: number }>(
      columns
        .map(
          ([facet, col]) =>
            `select '${facet}' as facet, ${col} as value, count(*)::int as n from library_entries l
              where l.search @@ ${tsq} and ${scope} group by 2`,
        )
        .join(' union all '),
      q.values,
    )
    assert.ok(want.filter((r) => r.facet === 'region').length > 0, words)
    const pick = (rows: { facet: string; value: string | null; n: number }[]) =>
      rows.map((r) => `${r.facet}:${r.value}:${r.n}`).sort()
    assert.deepEqual(pick(got.facets), pick(want), words)
  }
})

test('past the count cap the facets count the first hits and the ranked ones are still the newest (decision 0035)', async () => {
  const { searchOnce } = await import('./repo.ts')
  const { PUBLIC } = await import('../common/context.ts')
  const today = env.clock.today()
  const f = { q: 'council' } as Parameters<typeof searchOnce>[3]
  const whole = await searchOnce(env.db, PUBLIC, today, f, { offset: 0, limit: 1000, rankWithin: 4 })
  const total = whole.facets.find((r) => r.facet === 'total')!.n
  assert.ok(total > 8, `hits: ${total}`)
  // With a cap of 5 the count stops at 6, and the newest 4 come from walking the library's order instead.
  const capped = await searchOnce(env.db, PUBLIC, today, f, { offset: 0, limit: 1000, rankWithin: 4, countCap: 5 })
  assert.equal(capped.facets.find((r) => r.facet === 'total')!.n, 6)
  assert.equal(
    capped.facets.filter((r) => r.facet === 'source').reduce((s, r) => s + r.n, 0),
    6,
  )
  assert.deepEqual(
    capped.hits.map((h) => [h.id, h.rank]),
    whole.hits.map((h) => [h.id, h.rank]),
  )
})

test('a broad search keeps its counts per data version and scope, and counts again after any write (decision 0039)', async () => {
  const { searchOnce } = await import('./repo.ts')
  const { PUBLIC } = await import('../common/context.ts')
  const today = env.clock.today()
  const f = { q: 'council' } as Parameters<typeof searchOnce>[3]
  // Kept from one hit (the app keeps searches of 2,000 hits or more), ranking the newest 4 (pages past them: newest first).
  const opts = (offset: number) => ({ offset, limit: 3, rankWithin: 4, cacheFrom: 1 })
  const shape = (r: Awaited<ReturnType<typeof searchOnce>>) => ({
    facets: r.facets.map((x) => `${x.facet}:${x.value}:${x.label}:${x.n}`).sort(),
    hits: r.hits.map((h) => [h.id, h.rank, h.title, h.passage]),
  })
  await env.db.query(`update data_version set n = n + 1`)
  const first = await searchOnce(env.db, PUBLIC, today, f, opts(0))
  assert.equal(first.cached, false)
  const again = await searchOnce(env.db, PUBLIC, today, f, opts(0))
  assert.equal(again.cached, true)
  assert.deepEqual(shape(again), shape(first))
  // The next page (one ranked hit, then the newest) from the kept hits equals the same page counted afresh.
  const kept = await searchOnce(env.db, PUBLIC, today, f, opts(3))
  assert.equal(kept.cached, true)
  await env.db.query(`update data_version set n = n + 1`)
  const fresh = await searchOnce(env.db, PUBLIC, today, f, opts(3))
  assert.equal(fresh.cached, false)
  assert.deepEqual(shape(kept), shape(fresh))
  assert.equal(kept.hits.length, 3)
  // Another scope is another search: the programme office counts its own (Melton's draft report too).
  const office = await searchOnce(env.db, await adminActor(), today, f, opts(0))
  assert.equal(office.cached, false)
  const total = (r: Awaited<ReturnType<typeof searchOnce>>) => r.facets.find((x) => x.facet === 'total')!.n
  assert.ok(total(office) > total(first), `${total(office)} > ${total(first)}`)
  // A write (a published recommendation mentioning councils) changes the version: counted again, with it.
  await env.db.query(
    `insert into recommendations (challenge_id, kind, number, title) values ($1, 'key', 93, 'Councils share one tapir')`,
    [lbh],
  )
  const after = await searchOnce(env.db, PUBLIC, today, f, opts(0))
  assert.equal(after.cached, false)
  assert.equal(total(after), total(first) + 1)
  // A rolled-back write leaves the version, so the kept counts stay in use.
  await assert.rejects(
    env.db.transaction(async (tx) => {
      await tx.query(
        `insert into recommendations (challenge_id, kind, number, title) values ($1, 'key', 94, 'Council')`,
        [lbh],
      )
      throw new Error('roll back')
    }),
  )
  const still = await searchOnce(env.db, PUBLIC, today, f, opts(0))
  assert.equal(still.cached, true)
  assert.equal(total(still), total(after))
  // A search without terms (outside a transaction: no index hint) keeps its counts too, and gives the same page.
  const all = await searchOnce(env.db, PUBLIC, today, {} as typeof f, opts(0))
  assert.equal(all.cached, false)
  const allAgain = await searchOnce(env.db, PUBLIC, today, {} as typeof f, opts(0))
  assert.equal(allAgain.cached, true)
  assert.deepEqual(shape(allAgain), shape(all))
})

test('keeping a count that fails never fails the search (decision 0039)', async () => {
  const { searchOnce } = await import('./repo.ts')
  const { PUBLIC } = await import('../common/context.ts')
  const today = env.clock.today()
  const opts = { offset: 0, limit: 3, rankWithin: 4, cacheFrom: 1 }
  // the cache's table refuses every row: both kinds of search still answer, in or out of a transaction
  await env.db.exec(`alter table library_search_cache add constraint refuse_all check (data_version < 0) not valid`)
  try {
    for (const f of [{ q: 'council' }, {}] as Parameters<typeof searchOnce>[3][]) {
      await env.db.query(`update data_version set n = n + 1`)
      const r = await searchOnce(env.db, PUBLIC, today, f, opts)
      assert.equal(r.cached, false)
      assert.ok(r.hits.length > 0, JSON.stringify(f))
      assert.equal((await searchOnce(env.db, PUBLIC, today, f, opts)).cached, false, 'nothing was kept')
    }
  } finally {
    await env.db.exec(`alter table library_search_cache drop constraint refuse_all`)
  }
})

async function adminActor() {
  const { SYSTEM_ACTOR } = await import('../auth/users.ts')
  return SYSTEM_ACTOR
}
