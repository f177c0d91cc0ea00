// Reference peer for tether-bench: Node.js + ws, the protocol subset of
// docs/benchmarks.md (ping -> pong, session_join -> subscribe + ack, chat_request ->
// ack, then one chat_stream per word to every subscriber, then chat_response).
// Envelopes have the same shape as Tether's so that the bytes compare.
'use strict';
const http = require('http');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const prefix = crypto.randomBytes(4).toString('hex');
let counter = 0;
const sessions = new Map(); // sessionId -> Set<ws>
const seqs = new Map();

function envelope(type, payload, replyTo, seq) {
  const e = { id: `s-${prefix}-${++counter}`, type, payload, timestamp: new Date().toISOString() };
  if (replyTo !== undefined) e.replyTo = replyTo;
  if (seq !== undefined) e.seq = seq;
  return JSON.stringify(e);
}

function broadcast(sessionId, type, payload) {
  const seq = (seqs.get(sessionId) || 0) + 1;
  seqs.set(sessionId, seq);
  const text = envelope(type, payload, undefined, seq); // serialized once for every tab
  for (const ws of sessions.get(sessionId) || []) ws.send(text);
}

function stream(sessionId, requestId, message) {
  const words = message.match(/\S+\s*|\s+/g) || [];
  let i = 0;
  const step = () => {
    if (i < words.length) {
      broadcast(sessionId, 'chat_stream', { sessionId, requestId, delta: words[i++], isComplete: false });
      setImmediate(step); // let the sockets drain, as the C++ peers yield
      return;
    }
    broadcast(sessionId, 'chat_stream', { sessionId, requestId, delta: '', isComplete: true });
    broadcast(sessionId, 'chat_response', { sessionId, requestId, message, stopReason: 'end_turn' });
  };
  step();
}

const server = http.createServer((req, res) => { res.writeHead(426); res.end(); });
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  const joined = new Set();
  ws.on('message', (data) => {
    for (const line of data.toString().split('\n')) {
      if (!line) continue;
      let m;
      try { m = JSON.parse(line); } catch { continue; }
      const p = m.payload || {};
      if (m.type === 'ping') {
        ws.send(envelope('pong', {}, m.id));
      } else if (m.type === 'session_join') {
        if (!sessions.has(p.sessionId)) sessions.set(p.sessionId, new Set());
        sessions.get(p.sessionId).add(ws);
        joined.add(p.sessionId);
        ws.send(envelope('ack', {}, m.id));
      } else if (m.type === 'chat_request') {
        ws.send(envelope('ack', {}, m.id));
        stream(p.sessionId, m.id, String(p.message));
      }
    }
  });
  ws.on('close', () => { for (const s of joined) sessions.get(s)?.delete(ws); });
});
server.listen(port, '127.0.0.1', () => {
  console.log(`node-ws listening at ws://127.0.0.1:${server.address().port}/`);
});
process.on('SIGTERM', () => process.exit(0));
