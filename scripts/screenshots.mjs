// Screenshots of the main pages as each role, for a person to look at: node scripts/screenshots.mjs [baseUrl]
import { chromium } from 'playwright-core'
const base = process.argv[2] ?? 'http://localhost:3000'
const pages = {
  public: ['/', '/councils', '/challenges', '/challenges/2'],
  'admin@example.gov.uk': [
    '/programme',
    '/councils',
    '/councils/NWL',
    '/challenges/5',
    '/challenges/8',
    '/challenges/8/team',
    '/challenges/5/recommendations',
    '/challenges/5/history',
    '/challenges/new',
    '/frameworks',
  ],
  'officer@melton.example.gov.uk': ['/', '/challenges/8'],
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
for (const [who, urls] of Object.entries(pages)) {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } })
  const page = await ctx.newPage()
  if (who !== 'public') {
    await page.goto(base + '/login')
    await page.fill('#email', who)
    await page.fill('#password', 'peer-challenge-demo')
    await page.click('button:has-text("Sign in")')
  }
  for (const u of urls) {
    await page.goto(base + u)
    const name = `${who.split('@')[0]}${u.replace(/\//g, '_') || '_home'}.png`
    await page.screenshot({ path: `screenshots/${name}`, fullPage: true })
    console.log(name)
  }
  await ctx.close()
}
await browser.close()
