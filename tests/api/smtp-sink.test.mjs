// Self-test of tests/support/smtp-sink.mjs: speaks SMTP to it by hand over node:net.
// Needs no server binary.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';

import { startSmtpSink, decodeEncodedWords } from '../support/smtp-sink.mjs';

/** A line-oriented SMTP client: `await c.expect(250)` reads one (multi-line) reply. */
async function connect(port) {
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let buffer = '';
  const waiting = [];
  const replies = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffer += chunk;
    let eol;
    let lines = [];
    while ((eol = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      lines.push(line);
      if (line[3] !== '-') {
        replies.push({ code: Number(line.slice(0, 3)), lines });
        lines = [];
      }
    }
    if (lines.length) buffer = lines.map((l) => `${l}\r\n`).join('') + buffer;
    while (waiting.length && replies.length) waiting.shift()(replies.shift());
  });
  const next = () =>
    replies.length ? Promise.resolve(replies.shift()) : new Promise((r) => waiting.push(r));
  return {
    send(line) {
      socket.write(`${line}\r\n`);
    },
    async expect(code) {
      const reply = await next();
      assert.equal(reply.code, code, `expected ${code}, got ${reply.lines.join(' | ')}`);
      return reply;
    },
    async command(line, code) {
      this.send(line);
      return this.expect(code);
    },
    close() {
      socket.destroy();
    },
  };
}

/** Sends one message; `data` uses \n or \r\n line endings and is dot-stuffed here. */
async function sendMail(port, { from, to, data, auth }) {
  const c = await connect(port);
  await c.expect(220);
  const ehlo = await c.command('EHLO client.test', 250);
  if (auth) await auth(c, ehlo);
  await c.command(`MAIL FROM:<${from}>`, 250);
  for (const rcpt of to) await c.command(`RCPT TO:<${rcpt}>`, 250);
  await c.command('DATA', 354);
  const body = data
    .replace(/\r?\n/g, '\r\n')
    .split('\r\n')
    .map((l) => (l.startsWith('.') ? `.${l}` : l))
    .join('\r\n');
  await c.command(`${body}\r\n.`, 250);
  await c.command('QUIT', 221);
  c.close();
}

const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');

const MULTIPART = [
  'Date: Fri, 27 Nov 2026 04:19:03 +0000',
  'From: =?UTF-8?B?QnLDpG5kZQ==?= <noreply@brand.example>',
  'To: "Anna" <anna@example.com>',
  `Subject: =?UTF-8?B?${b64('Пробный период ')}?=`,
  ` =?UTF-8?B?${b64('начался')}?=`,
  'Message-ID: <abc@clientele>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative;',
  ' boundary="=_b1"',
  '',
  'preamble',
  '--=_b1',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Gr=C3=BC=C3=9Fe,',
  '.a line with a dot',
  'a long line that was wrapped =',
  'by a soft break',
  '--=_b1',
  'Content-Type: text/html; charset=UTF-8',
  'Content-Transfer-Encoding: base64',
  '',
  b64('<p>Grüße</p>\r\n'),
  '--=_b1--',
  '',
].join('\n');

test('receives a multipart message and decodes subject, text and html', async () => {
  const sink = await startSmtpSink();
  try {
    await sendMail(sink.port, { from: 'noreply@brand.example', to: ['anna@example.com'], data: MULTIPART });
    const m = await sink.waitFor('anna@example.com', 2000);
    assert.equal(m.from, 'noreply@brand.example');
    assert.deepEqual(m.to, ['anna@example.com']);
    assert.equal(m.subject, 'Пробный период начался');
    assert.equal(m.headers['message-id'], '<abc@clientele>');
    assert.equal(m.headers['mime-version'], '1.0');
    assert.equal(decodeEncodedWords(m.headers.from), 'Brände <noreply@brand.example>');
    assert.match(m.headers['content-type'], /^multipart\/alternative; boundary="=_b1"$/);
    assert.equal(m.text, 'Grüße,\n.a line with a dot\na long line that was wrapped by a soft break');
    assert.equal(m.html, '<p>Grüße</p>\n');
    assert.ok(m.raw.includes('\r\n.a line with a dot\r\n'), 'dot-unstuffed');
    assert.equal(sink.messages.length, 1);
  } finally {
    await sink.close();
  }
});

test('decodes single-part base64 and Q-encoded subjects in other charsets', async () => {
  const sink = await startSmtpSink();
  try {
    const data = [
      'Subject: =?iso-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=',
      'Content-Type: text/plain; charset="utf-8"',
      'Content-Transfer-Encoding: base64',
      '',
      b64('您好，\r\n试用期已开始。\r\n'),
    ].join('\r\n');
    await sendMail(sink.port, { from: 'a@b.c', to: ['x@y.z', 'second@y.z'], data });
    const m = await sink.waitFor((msg) => msg.to.includes('second@y.z'));
    assert.equal(m.subject, 'Grüße aus Köln');
    assert.equal(m.text, '您好，\n试用期已开始。\n');
    assert.equal(m.html, '');
    assert.deepEqual(m.to, ['x@y.z', 'second@y.z']);
  } finally {
    await sink.close();
  }
});

test('accepts AUTH PLAIN and LOGIN with any credentials and records them', async () => {
  const sink = await startSmtpSink();
  try {
    const plainInitial = async (c, ehlo) => {
      assert.ok(ehlo.lines.some((l) => /AUTH .*PLAIN/.test(l)));
      await c.command(`AUTH PLAIN ${b64('\0mailer@brand.example\0pa:ss w0rd')}`, 235);
    };
    const plainChallenge = async (c) => {
      await c.command('AUTH PLAIN', 334);
      await c.command(b64('\0user2\0secret2'), 235);
    };
    const login = async (c) => {
      await c.command('AUTH LOGIN', 334);
      await c.command(b64('user3'), 334);
      await c.command(b64('secret3'), 235);
    };
    for (const [i, auth] of [plainInitial, plainChallenge, login].entries()) {
      await sendMail(sink.port, { from: 'a@b.c', to: [`r${i}@y.z`], data: 'Subject: hi\r\n\r\nbody', auth });
    }
    assert.deepEqual(sink.auths, [
      { mechanism: 'PLAIN', username: 'mailer@brand.example', password: 'pa:ss w0rd' },
      { mechanism: 'PLAIN', username: 'user2', password: 'secret2' },
      { mechanism: 'LOGIN', username: 'user3', password: 'secret3' },
    ]);
    const m = await sink.waitFor('r2@y.z');
    assert.deepEqual(m.auth, { mechanism: 'LOGIN', username: 'user3', password: 'secret3' });
    assert.equal(m.text, 'body\n');
  } finally {
    await sink.close();
  }
});

test('stop refuses connections; restart listens on the same port again', async () => {
  const sink = await startSmtpSink();
  try {
    const port = sink.port;
    await sendMail(port, { from: 'a@b.c', to: ['one@y.z'], data: 'Subject: one\r\n\r\n1' });
    await sink.stop();
    assert.equal(sink.running, false);
    await assert.rejects(connect(port), (err) => err.code === 'ECONNREFUSED');

    await sink.restart();
    assert.equal(sink.running, true);
    assert.equal(sink.port, port);
    await sendMail(port, { from: 'a@b.c', to: ['two@y.z'], data: 'Subject: two\r\n\r\n2' });
    assert.deepEqual(
      sink.messages.map((m) => m.subject),
      ['one', 'two'],
    );
  } finally {
    await sink.close();
  }
});

test('stop drops an open connection', async () => {
  const sink = await startSmtpSink();
  try {
    const c = await connect(sink.port);
    await c.expect(220);
    await sink.stop();
    c.close();
    assert.equal(sink.running, false);
  } finally {
    await sink.close();
  }
});

test('waitFor waits for a later message and times out otherwise', async () => {
  const sink = await startSmtpSink();
  try {
    const later = sink.waitFor((m) => m.subject === 'later', 3000);
    await sendMail(sink.port, { from: 'a@b.c', to: ['x@y.z'], data: 'Subject: later\r\n\r\n' });
    assert.equal((await later).subject, 'later');
    await assert.rejects(sink.waitFor('nobody@y.z', 100), /no matching message within 100 ms/);
  } finally {
    await sink.close();
  }
});

test('failures make the sink refuse at the chosen stage', async () => {
  const sink = await startSmtpSink();
  try {
    sink.failures.rcpt = (address) => (address.startsWith('bad') ? '550 5.1.1 No such user' : null);
    const c = await connect(sink.port);
    await c.expect(220);
    await c.command('EHLO client.test', 250);
    await c.command('MAIL FROM:<a@b.c>', 250);
    const refused = await c.command('RCPT TO:<bad@y.z>', 550);
    assert.match(refused.lines[0], /No such user/);
    await c.command('RCPT TO:<good@y.z>', 250);
    sink.failures.data = '451 4.3.0 Try again later';
    await c.command('DATA', 354);
    await c.command('Subject: x\r\n\r\nbody\r\n.', 451);
    await c.command('QUIT', 221);
    c.close();
    assert.equal(sink.messages.length, 0);
  } finally {
    await sink.close();
  }
});

test('close rejects pending waiters', async () => {
  const sink = await startSmtpSink();
  const pending = sink.waitFor(undefined, 5000);
  await sink.close();
  await assert.rejects(pending, /closed/);
});
