import type nodemailer from 'nodemailer'
import { lazyRequire } from '../common/lazy-require.ts'

// Loaded only by an instance that sends email (decision 40).
const smtp = lazyRequire<typeof nodemailer>('nodemailer')

export interface Mailer {
  send(to: string, subject: string, text: string): Promise<void>
  close(): void
}

/** Email through SMTP (nodemailer), e.g. smtp://user:pass@smtp.example.org:587 or smtps://... */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = smtp().createTransport(url)
  return {
    send: async (to, subject, text) => {
      await transport.sendMail({ from, to, subject, text })
    },
    close: () => transport.close(),
  }
}
