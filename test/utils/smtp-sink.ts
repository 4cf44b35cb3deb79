/**
 * A real SMTP server for tests (the `smtp-server` package) on 127.0.0.1 and a free port; every message
 * received is parsed with `mailparser`. `failNext(n)` answers the next n messages with a temporary 451.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Messages refused by failNext. */
  refused: number;
  failNext(n: number): void;
  /** Messages whose To contains `address`. */
  to(address: string): ParsedMail[];
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  let failing = 0;
  const state = { refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (failing > 0) {
            failing--;
            state.refused++;
            const err = new Error('Temporary failure, try again later') as Error & { responseCode: number };
            err.responseCode = 451;
            return callback(err);
          }
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  const addressesOf = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get refused() {
      return state.refused;
    },
    failNext(n: number) {
      failing = n;
    },
    to: (address: string) => messages.filter((m) => addressesOf(m).includes(address)),
    async waitFor(count: number, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
