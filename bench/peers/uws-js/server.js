// Reference peer for tether-bench: uWebSockets.js, the Node.js binding over the
// uWebSockets/uSockets C++ core (npm `uwebsockets` 3.0.6, a republish of uWS.js v20's
// prebuilt binaries; see docs/benchmarks.md). The protocol subset of docs/benchmarks.md:
// ping -> pong, session_join -> subscribe + ack, chat_request -> ack, then one
// chat_stream per word to every subscriber, then chat_response. The handlers are
// JavaScript, so this measures uWS through its binding, not pure C++ uWS.
// Broadcast is uWS pub/sub: a tab subscribes to its session's topic and each event is
// published once; uWS corks each subscriber while it drains the topic (one write for
// what is pending). Direct sends (pong, ack) happen only inside uWS's message callback,
// where the socket is already corked, so no explicit ws.cork() is needed: uWS asks for
// it only around sends made outside its callbacks.
// Envelopes have the same shape as Tether's (and node-ws's) so that the bytes compare.
'use strict';
const crypto = require('crypto');
const uWS = require('uwebsockets');

const port = Number(process.argv[2] || 0);
const prefix = crypto.randomBytes(4).toString('hex');
let counter = 0;
const seqs = new Map();
const decoder = new TextDecoder();

function envelope(type, payload, replyTo, seq) {
  const e = { id: `s-${prefix}-${++counter}`, type, payload, timestamp: new Date().toISOString() };
  if (replyTo !== undefined) e.replyTo = replyTo;
  if (seq !== undefined) e.seq = seq;
  return JSON.stringify(e);
}

let app;
function broadcast(sessionId, type, payload) {
  const seq = (seqs.get(sessionId) || 0) + 1;
  seqs.set(sessionId, seq);
  app.publish(sessionId, envelope(type, payload, undefined, seq)); // serialized once for every tab
}

function stream(sessionId, requestId, message) {
  const words = message.match(/\S+\s*|\s+/g) || [];
  let i = 0;
  const step = () => {
    if (i < words.length) {
      broadcast(sessionId, 'chat_stream', { sessionId, requestId, delta: words[i++], isComplete: false });
      setImmediate(step); // let the sockets drain, as the other peers yield
      return;
    }
    broadcast(sessionId, 'chat_stream', { sessionId, requestId, delta: '', isComplete: true });
    broadcast(sessionId, 'chat_response', { sessionId, requestId, message, stopReason: 'end_turn' });
  };
  step();
}

app = uWS.App().ws('/*', {
  compression: uWS.DISABLED,
  maxPayloadLength: 16 * 1024 * 1024,
  // The other peers never drop a message for a slow reader; uWS's default (64 KiB of
  // backpressure, then skip) would drop events of the push scenario.
  maxBackpressure: 1024 * 1024 * 1024,
  idleTimeout: 0, // no idle timeout and no automatic pings, like the other peers
  message: (ws, data, isBinary) => {
    if (isBinary) return;
    for (const line of decoder.decode(data).split('\n')) {
      if (!line) continue;
      let m;
      try { m = JSON.parse(line); } catch { continue; }
      const p = m.payload || {};
      if (m.type === 'ping') {
        ws.send(envelope('pong', {}, m.id)); // inside uWS's callback: already corked
      } else if (m.type === 'session_join') {
        ws.subscribe(String(p.sessionId)); // unsubscribed by uWS on close
        ws.send(envelope('ack', {}, m.id));
      } else if (m.type === 'chat_request') {
        ws.send(envelope('ack', {}, m.id));
        stream(String(p.sessionId), m.id, String(p.message));
      }
    }
  },
}).any('/*', (res) => { res.writeStatus('426 Upgrade Required').end(); });

app.listen('127.0.0.1', port, (listenSocket) => {
  if (!listenSocket) {
    console.error(`uws-js: cannot listen on 127.0.0.1:${port}`);
    process.exit(1);
  }
  console.log(`uws-js listening at ws://127.0.0.1:${uWS.us_socket_local_port(listenSocket)}/`);
});
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
