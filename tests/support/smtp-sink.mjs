// A small SMTP server for the API tests: it accepts every message and keeps it in memory.
// Node.js 20 built-ins only.
//
//   const sink = await startSmtpSink();            // 127.0.0.1, a free port
//   ... configure the server under test with host 127.0.0.1, sink.port, no TLS ...
//   const m = await sink.waitFor((m) => m.to.includes('anna@example.com'));
//   m.subject, m.text, m.html, m.headers['message-id']
//   await sink.stop();     // the mail server is "down": connections are refused
//   await sink.restart();  // back, on the same port
//   await sink.close();    // at the end of the test
//
// Speaks EHLO/HELO, AUTH PLAIN and LOGIN (any credentials, recorded in `auths` and on each
// message), MAIL, RCPT, DATA (dot-unstuffed), RSET, NOOP, VRFY, HELP, QUIT. No STARTTLS.
// `sink.failures.{mail,rcpt,data}` make the sink refuse: a reply line such as
// '451 4.3.0 Try again later', or a function (address or message) => reply line or null.
//
// Slow or stuck mail servers (e.g. to stop a sender while it waits for an answer):
//   sink.replyDelayMs = 20;     // each message is accepted 20 ms after its final "."
//   sink.hold = true;           // messages are held unanswered (true, or message => boolean)
//   await sink.waitForHeld();   // the first held message
//   sink.release();             // accept every held message whose sender is still connected
// A message counts as received only once the sink answers 250: if the sender disconnects
// before that (killed, timed out), the message is dropped, as a real server would.

import net from 'node:net';

/**
 * @typedef {object} SinkMessage
 * @property {string} from          envelope sender (MAIL FROM), without angle brackets
 * @property {string[]} to          envelope recipients (RCPT TO)
 * @property {string} raw           the DATA as received (dot-unstuffed), CRLF line endings
 * @property {Record<string,string>} headers  lower-case names, unfolded; the first of repeats
 * @property {Array<[string,string]>} headerList  every header in order, names as sent
 * @property {string} subject       decoded from RFC 2047
 * @property {string} text          the text/plain part, decoded, LF line endings ('' if none)
 * @property {string} html          the text/html part, decoded, LF line endings ('' if none)
 * @property {{mechanism:string, username:string, password:string}|null} auth
 * @property {Date} receivedAt
 */

const MAX_LINE = 1 << 20;
const MAX_MESSAGE = 25 << 20;

/**
 * Starts the sink. `port` 0 picks a free one; `sink.port` tells which.
 * @param {{port?: number, host?: string, hostname?: string, recordAuth?: boolean}} [options]
 */
export async function startSmtpSink({
  port = 0,
  host = '127.0.0.1',
  hostname = 'sink.test',
  recordAuth = true,
} = {}) {
  /** @type {SinkMessage[]} */
  const messages = [];
  const auths = [];
  const waiters = new Set();
  const held = []; // {message, accept}
  const heldWaiters = new Set();
  const sockets = new Set();
  let listeningPort = port;
  let closed = false;
  let connectionCount = 0;

  const server = net.createServer((socket) => {
    connectionCount += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    new Session(socket, { hostname, sink, recordAuth });
  });
  server.on('error', () => {});

  function deliver(message) {
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.matches(message)) {
        waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(message);
      }
    }
  }

  async function listen() {
    await new Promise((resolve, reject) => {
      const onError = (err) => reject(err);
      server.once('error', onError);
      server.listen(listeningPort, host, () => {
        server.off('error', onError);
        resolve();
      });
    });
    listeningPort = server.address().port;
  }

  async function stop() {
    if (!server.listening) return;
    const done = new Promise((resolve) => server.close(() => resolve()));
    for (const s of sockets) s.destroy();
    await done;
  }

  const sink = {
    get port() {
      return listeningPort;
    },
    host,
    messages,
    auths,
    /** Replies that override the normal 250 at a stage; null: accept. */
    failures: { mail: null, rcpt: null, data: null },
    /** Milliseconds between a message's final "." and the sink's 250. */
    replyDelayMs: 0,
    /** true or a predicate: messages are held unanswered until release(). */
    hold: false,
    /** Messages held so far (including those whose sender went away). */
    get heldCount() {
      return held.length;
    },
    /** Resolves with the first held message (already held or still to come). */
    waitForHeld(timeoutMs = 10000) {
      if (held.length) return Promise.resolve(held[0].message);
      return new Promise((resolve, reject) => {
        const w = { resolve, timer: null };
        w.timer = setTimeout(() => {
          heldWaiters.delete(w);
          reject(new Error(`smtp-sink: no message held within ${timeoutMs} ms`));
        }, timeoutMs);
        heldWaiters.add(w);
      });
    },
    /** Accepts the held messages whose senders are still connected; stops holding. */
    release() {
      sink.hold = false;
      for (const h of held.splice(0)) h.accept();
    },
    get running() {
      return server.listening;
    },
    /** Connections accepted so far (e.g. to see that a retry happened). */
    get connectionCount() {
      return connectionCount;
    },

    /**
     * The first message, already received or still to come, that matches. `predicate` is a
     * function of the message, a recipient address (string), or nothing (any message).
     * Rejects after `timeoutMs`.
     * @returns {Promise<SinkMessage>}
     */
    waitFor(predicate, timeoutMs = 5000) {
      const matches = toMatcher(predicate);
      const found = messages.find(matches);
      if (found) return Promise.resolve(found);
      if (closed) return Promise.reject(new Error('smtp-sink: closed'));
      return new Promise((resolve, reject) => {
        const w = { matches, resolve, reject, timer: null };
        w.timer = setTimeout(() => {
          waiters.delete(w);
          reject(
            new Error(
              `smtp-sink: no matching message within ${timeoutMs} ms ` +
                `(${messages.length} received: ${messages.map((m) => JSON.stringify(m.subject)).join(', ')})`,
            ),
          );
        }, timeoutMs);
        waiters.add(w);
      });
    },

    /** Forgets the messages and credentials received so far. */
    clear() {
      messages.length = 0;
      auths.length = 0;
    },

    /** Stops listening and drops open connections: new connections are refused. */
    stop,

    /** Listens again on the same port after stop(). */
    async restart() {
      if (closed) throw new Error('smtp-sink: closed');
      if (!server.listening) await listen();
    },

    /** Stops for good; pending waitFor calls reject. */
    async close() {
      closed = true;
      await stop();
      for (const w of waiters) {
        clearTimeout(w.timer);
        w.reject(new Error('smtp-sink: closed'));
      }
      waiters.clear();
    },

    // Internal, used by sessions.
    _deliver: deliver,
    _hold(message, accept) {
      held.push({ message, accept });
      for (const w of heldWaiters) {
        clearTimeout(w.timer);
        w.resolve(message);
      }
      heldWaiters.clear();
    },
  };

  await listen();
  return sink;
}

function toMatcher(predicate) {
  if (predicate === undefined || predicate === null) return () => true;
  if (typeof predicate === 'string') {
    const address = predicate.toLowerCase();
    return (m) => m.to.some((t) => t.toLowerCase() === address);
  }
  if (typeof predicate === 'function') return (m) => Boolean(predicate(m));
  throw new TypeError('waitFor: predicate must be a function, an address or undefined');
}

function failureReply(failure, arg) {
  if (!failure) return null;
  if (typeof failure === 'function') return failure(arg) || null;
  return String(failure);
}

// ---------------------------------------------------------------------------------------------
// One SMTP conversation.

class Session {
  constructor(socket, { hostname, sink, recordAuth }) {
    this.socket = socket;
    this.hostname = hostname;
    this.sink = sink;
    this.recordAuth = recordAuth;
    this.buffer = Buffer.alloc(0);
    this.auth = null;
    this.pending = null; // a multi-step AUTH waiting for the client's next line
    this.dataLines = null; // non-null while reading DATA
    this.dataSize = 0;
    this.reset();
    socket.on('data', (chunk) => this.onData(chunk));
    this.reply(`220 ${hostname} ESMTP Clientele test sink`);
  }

  reset() {
    this.from = null;
    this.to = [];
  }

  reply(line) {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const eol = this.buffer.indexOf(0x0a);
      if (eol < 0) break;
      let line = this.buffer.subarray(0, eol);
      if (line.length && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
      this.buffer = this.buffer.subarray(eol + 1);
      // latin1 keeps bytes one to one; text is decoded later with the part's charset.
      this.onLine(line.toString('latin1'));
      if (this.socket.destroyed) return;
    }
    if (this.buffer.length > MAX_LINE) {
      this.reply('500 5.5.2 Line too long');
      this.socket.destroy();
    }
  }

  onLine(line) {
    if (this.dataLines) return this.onDataLine(line);
    if (this.pending) return this.pending(line);
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).toUpperCase();
    const arg = space < 0 ? '' : line.slice(space + 1).trim();
    switch (verb) {
      case 'EHLO':
        this.reset();
        this.reply(`250-${this.hostname} greets ${arg || 'you'}`);
        this.reply('250-AUTH PLAIN LOGIN');
        this.reply('250-8BITMIME');
        this.reply('250-SMTPUTF8');
        this.reply(`250 SIZE ${MAX_MESSAGE}`);
        return;
      case 'HELO':
        this.reset();
        this.reply(`250 ${this.hostname}`);
        return;
      case 'AUTH':
        return this.onAuth(arg);
      case 'MAIL': {
        const address = parsePath(arg, 'FROM:');
        if (address === null) return this.reply('501 5.5.4 Syntax: MAIL FROM:<address>');
        const refusal = failureReply(this.sink.failures.mail, address);
        if (refusal) return this.reply(refusal);
        this.reset();
        this.from = address;
        return this.reply('250 2.1.0 OK');
      }
      case 'RCPT': {
        if (this.from === null) return this.reply('503 5.5.1 MAIL first');
        const address = parsePath(arg, 'TO:');
        if (!address) return this.reply('501 5.5.4 Syntax: RCPT TO:<address>');
        const refusal = failureReply(this.sink.failures.rcpt, address);
        if (refusal) return this.reply(refusal);
        this.to.push(address);
        return this.reply('250 2.1.5 OK');
      }
      case 'DATA':
        if (this.to.length === 0) return this.reply('503 5.5.1 RCPT first');
        this.dataLines = [];
        this.dataSize = 0;
        return this.reply('354 End data with <CR><LF>.<CR><LF>');
      case 'RSET':
        this.reset();
        return this.reply('250 2.0.0 OK');
      case 'NOOP':
        return this.reply('250 2.0.0 OK');
      case 'VRFY':
        return this.reply('252 2.1.5 Cannot verify, will accept');
      case 'HELP':
        return this.reply('214 2.0.0 Test sink, see tests/support/smtp-sink.mjs');
      case 'STARTTLS':
        return this.reply('454 4.7.0 TLS not available');
      case 'QUIT':
        this.reply('221 2.0.0 Bye');
        this.socket.end();
        return;
      default:
        return this.reply('500 5.5.2 Command not recognized');
    }
  }

  onAuth(arg) {
    const [mechanismRaw, initial] = arg.split(/\s+/, 2);
    const mechanism = (mechanismRaw || '').toUpperCase();
    const done = (username, password) => {
      this.pending = null;
      const auth = { mechanism, username, password };
      this.auth = auth;
      if (this.recordAuth) this.sink.auths.push(auth);
      this.reply('235 2.7.0 Authentication successful');
    };
    const cancelled = (line) => {
      if (line === '*') {
        this.pending = null;
        this.reply('501 5.7.0 Authentication cancelled');
        return true;
      }
      return false;
    };
    if (mechanism === 'PLAIN') {
      const finish = (response) => {
        const parts = Buffer.from(response, 'base64').toString('utf8').split('\0');
        if (parts.length !== 3) {
          this.pending = null;
          return this.reply('501 5.5.2 Malformed PLAIN response');
        }
        done(parts[1], parts[2]);
      };
      if (initial && initial !== '=') return finish(initial);
      this.pending = (line) => !cancelled(line) && finish(line);
      return this.reply('334 ');
    }
    if (mechanism === 'LOGIN') {
      const askPassword = (userLine) => {
        const username = Buffer.from(userLine, 'base64').toString('utf8');
        this.pending = (line) =>
          !cancelled(line) && done(username, Buffer.from(line, 'base64').toString('utf8'));
        this.reply('334 UGFzc3dvcmQ6'); // "Password:"
      };
      if (initial) return askPassword(initial);
      this.pending = (line) => !cancelled(line) && askPassword(line);
      return this.reply('334 VXNlcm5hbWU6'); // "Username:"
    }
    return this.reply('504 5.5.4 Unrecognized authentication type');
  }

  onDataLine(line) {
    if (line === '.') {
      const raw = this.dataLines.join('\r\n') + (this.dataLines.length ? '\r\n' : '');
      this.dataLines = null;
      if (this.dataSize > MAX_MESSAGE) {
        this.reset();
        return this.reply('552 5.3.4 Message too big');
      }
      const message = parseMessage(raw, this.from, this.to, this.auth);
      const refusal = failureReply(this.sink.failures.data, message);
      this.reset();
      if (refusal) return this.reply(refusal);
      // Received only when answered: a sender gone by then has not sent it.
      const accept = () => {
        if (this.socket.destroyed) return;
        this.sink._deliver(message);
        this.reply(`250 2.0.0 OK queued as ${this.sink.messages.length}`);
      };
      const hold = this.sink.hold;
      if (hold && (typeof hold !== 'function' || hold(message))) return this.sink._hold(message, accept);
      if (this.sink.replyDelayMs > 0) return void setTimeout(accept, this.sink.replyDelayMs);
      return accept();
    }
    const unstuffed = line.startsWith('.') ? line.slice(1) : line;
    this.dataSize += unstuffed.length + 2;
    if (this.dataSize <= MAX_MESSAGE) this.dataLines.push(unstuffed);
  }
}

// "FROM:<a@b> SIZE=12" → "a@b"; "" for the null path "<>"; null when malformed.
function parsePath(arg, keyword) {
  if (!arg.toUpperCase().startsWith(keyword)) return null;
  const rest = arg.slice(keyword.length).trim();
  const m = /^<([^>]*)>/.exec(rest) ?? /^(\S+)/.exec(rest);
  return m ? m[1] : null;
}

// ---------------------------------------------------------------------------------------------
// MIME, enough for the product's e-mails: headers, RFC 2047 words, multipart, QP and base64.
// Strings below are "binary" (latin1, one char per byte) until decoded with their charset.

function bytesToText(binary, charset = 'utf-8') {
  const bytes = Buffer.from(binary, 'latin1');
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function splitHeadersAndBody(binary) {
  const m = /\r?\n\r?\n/.exec(binary);
  if (!m) return { head: binary, body: '' };
  return { head: binary.slice(0, m.index), body: binary.slice(m.index + m[0].length) };
}

function parseHeaders(head) {
  const list = [];
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    // Raw UTF-8 in headers (SMTPUTF8) is read as UTF-8; encoded words are decoded later.
    list.push([line.slice(0, colon).trim(), bytesToText(line.slice(colon + 1).trim())]);
  }
  const map = {};
  for (const [name, value] of list) {
    const key = name.toLowerCase();
    if (!(key in map)) map[key] = value;
  }
  return { list, map };
}

/** Decodes RFC 2047 encoded words ("=?UTF-8?B?...?=", "=?iso-8859-1?Q?...?="). */
export function decodeEncodedWords(value) {
  const word = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;
  let out = '';
  let last = 0;
  let previousWasWord = false;
  for (let m = word.exec(value); m; m = word.exec(value)) {
    const between = value.slice(last, m.index);
    if (!(previousWasWord && /^\s*$/.test(between))) out += between;
    const charset = m[1].split('*')[0]; // RFC 2231 language suffix
    let binary;
    if (m[2].toUpperCase() === 'B') {
      binary = Buffer.from(m[3], 'base64').toString('latin1');
    } else {
      binary = m[3]
        .replace(/_/g, ' ')
        .replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    }
    out += bytesToText(binary, charset);
    last = m.index + m[0].length;
    previousWasWord = true;
  }
  return out + value.slice(last);
}

function parseContentType(value = 'text/plain') {
  const [type, ...rest] = value.split(';');
  const params = {};
  const re = /([^\s=;]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;\s]*)/g;
  const paramText = rest.join(';');
  for (let m = re.exec(paramText); m; m = re.exec(paramText)) {
    params[m[1].toLowerCase()] = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2];
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function decodeQuotedPrintable(binary) {
  return binary
    .replace(/[ \t]+(\r?\n)/g, '$1') // trailing white space is not part of the text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeBody(binary, encoding = '') {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(binary.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
    case 'quoted-printable':
      return decodeQuotedPrintable(binary);
    default:
      return binary;
  }
}

// Leaf parts of a MIME entity, depth first: {type, charset, disposition, content (decoded text)}.
function leafParts(binary, depth = 0) {
  const { head, body } = splitHeadersAndBody(binary);
  const { map } = parseHeaders(head);
  const ct = parseContentType(map['content-type']);
  if (ct.type.startsWith('multipart/') && ct.params.boundary && depth < 10) {
    const delimiter = `--${ct.params.boundary}`;
    const parts = [];
    const lines = body.split(/\r?\n/);
    let current = null;
    for (const line of lines) {
      if (line === delimiter || line === `${delimiter}--`) {
        if (current) parts.push(current.join('\r\n'));
        current = line === delimiter ? [] : null;
        if (!current) break;
      } else if (current) {
        current.push(line);
      }
    }
    if (current) parts.push(current.join('\r\n'));
    return parts.flatMap((p) => leafParts(p, depth + 1));
  }
  const content = bytesToText(decodeBody(body, map['content-transfer-encoding']), ct.params.charset);
  return [{ type: ct.type, disposition: (map['content-disposition'] || '').toLowerCase(), content }];
}

function firstPart(parts, type) {
  const part = parts.find((p) => p.type === type && !p.disposition.startsWith('attachment'));
  return part ? part.content.replace(/\r\n/g, '\n') : '';
}

/**
 * Parses the DATA of one message. Exported for tests that build messages by hand.
 * @returns {SinkMessage}
 */
export function parseMessage(raw, from = '', to = [], auth = null) {
  const { head } = splitHeadersAndBody(raw);
  const { list, map } = parseHeaders(head);
  const headers = {};
  for (const [key, value] of Object.entries(map)) headers[key] = value;
  const parts = leafParts(raw);
  return {
    from,
    to: [...to],
    raw: bytesToText(raw),
    headers,
    headerList: list,
    subject: decodeEncodedWords(headers.subject ?? ''),
    text: firstPart(parts, 'text/plain'),
    html: firstPart(parts, 'text/html'),
    auth,
    receivedAt: new Date(),
  };
}
