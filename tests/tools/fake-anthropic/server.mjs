// A fake Anthropic Messages API for the Claude Code backend tests: the real `claude` CLI
// is pointed at it with ANTHROPIC_BASE_URL, and it answers with scripted scenarios so
// that tests can assert on exact text, tool calls, errors and stalls, offline.
//
// Plain Node, no dependencies. Usage:
//   node server.mjs [--port N] [--log FILE]
// Prints one line `{"listening":PORT}` on stdout once it accepts connections.
//
// The scenario is picked from the conversation: the latest `[[scenario:NAME|ARG|ARG]]`
// marker in any user text wins (so it survives --resume); without one it is `echo`.
//   echo                      "Echo #<number of user prompts>: <last prompt>" (shows history was sent)
//   slow|WORDS|DELAY_MS       "w1 w2 … wN " one word per DELAY_MS
//   thinking                  a thinking block, then "Thought about: <last prompt>"
//   tool_bash|COMMAND         text + a Bash tool_use; after its tool_result, "Tool finished (is_error=B): <content>"
//   ask_user                  an AskUserQuestion tool_use; afterwards "Answer received: <content>"
//   tool_write|PATH|LINES|MS  a Write tool_use of a LINES-line file ("Line 1" …), its input streamed in
//                             small input_json_delta pieces MS ms apart (default 25 lines, 40 ms);
//                             afterwards "Tool finished (is_error=B): <content>"
//   tool_edit|PATH|OLD|NEW    a Read of PATH, then an Edit of it (the CLI edits only files it has read);
//                             `\n` in OLD and NEW is a line break; afterwards "Tool finished (is_error=B): <content>"
//   subagent|COMMAND          an Agent (Task) tool_use whose prompt carries [[scenario:tool_bash|COMMAND]], so the
//                             subagent's own conversation runs that Bash command; afterwards
//                             "Subagent finished: <content>"
// A relative PATH is taken from the session's working directory (as the system prompt names it).
//   error|STATUS              HTTP STATUS with an Anthropic error body (no retry-after)
//   stall                     headers and a few events, then silence until the client goes away
// Every request is appended to the log (memory, and FILE when given) as one JSON line:
// {method, path, headers, body}. GET /_fake/requests returns them, POST /_fake/reset clears them.
import http from 'node:http';
import fs from 'node:fs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const port = Number(option('--port', '0'));
const logFile = option('--log', null);

let requests = [];
let messageCounter = 0;
let toolCounter = 0;
const openSockets = new Set();

function record(entry) {
  requests.push(entry);
  if (logFile) fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
}

// ---- reading the conversation ----

function textBlocks(content) {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.filter((b) => b && b.type === 'text' && typeof b.text === 'string').map((b) => b.text);
}

// The prompts the user typed: user text blocks minus the CLI's own insertions.
function userPrompts(messages) {
  const prompts = [];
  for (const m of messages || []) {
    if (m.role !== 'user') continue;
    for (const text of textBlocks(m.content)) {
      const t = text.trim();
      // The CLI adds "Continue from where you left off." when it resumes a conversation
      // whose last turn never finished (the process died mid-turn).
      if (t.startsWith('<system-reminder>') || t.startsWith('[Request interrupted') ||
          t.startsWith('<local-command') || t.startsWith('<command-') ||
          t === 'Continue from where you left off.') continue;
      prompts.push(t);
    }
  }
  return prompts;
}

const markerPattern = /\[\[scenario:([^\]]*)\]\]/g;

function scenarioOf(prompts) {
  let found = null;
  for (const p of prompts) for (const m of p.matchAll(markerPattern)) found = m[1];
  if (!found) return { name: 'echo', args: [] };
  const [name, ...rest] = found.split('|');
  return { name: name.trim(), args: rest };
}

const stripMarkers = (text) => text.replace(markerPattern, '').trim();

// The tool_result blocks of the last user message, if it carries any.
function lastToolResults(messages) {
  const last = (messages || []).filter((m) => m.role === 'user').at(-1);
  if (!last || !Array.isArray(last.content)) return [];
  return last.content.filter((b) => b && b.type === 'tool_result');
}

function toolResultText(block) {
  if (typeof block.content === 'string') return block.content;
  return textBlocks(block.content).join('');
}

// The tool_use blocks of the last assistant message (what the tool_results answer).
function lastToolUses(messages) {
  const last = (messages || []).filter((m) => m.role === 'assistant').at(-1);
  if (!last || !Array.isArray(last.content)) return [];
  return last.content.filter((b) => b && b.type === 'tool_use');
}

// The CLI's tools want absolute paths: a relative one is made so with the working
// directory the system prompt names.
function absolutePath(body, path) {
  if (path.startsWith('/')) return path;
  const system = typeof body.system === 'string' ? body.system : textBlocks(body.system).join('\n');
  const cwd = /Primary working directory: (\S+)/.exec(system)?.[1];
  return cwd ? `${cwd.replace(/\/$/, '')}/${path}` : path;
}

// A tool input's JSON text cut into small pieces, as a model streams it.
function jsonPieces(input, size) {
  const json = JSON.stringify(input);
  const pieces = [];
  for (let i = 0; i < json.length; i += size) pieces.push(json.slice(i, i + size));
  return pieces;
}

// ---- building replies ----

const finished = (r) => `Tool finished (is_error=${r.is_error ? 'True' : 'False'}): ${toolResultText(r)}`;

// A reply is a list of content blocks plus a stop reason; `delayMs` paces text deltas.
function plan(body) {
  const messages = body.messages || [];
  const prompts = userPrompts(messages);
  const scenario = scenarioOf(prompts);
  const lastPrompt = stripMarkers(prompts.at(-1) || '');
  const results = lastToolResults(messages);
  const text = (t, chunks) => ({ type: 'text', text: t, chunks });

  switch (scenario.name) {
    case 'slow': {
      const words = Number(scenario.args[0] || 20);
      const delayMs = Number(scenario.args[1] || 100);
      const chunks = Array.from({ length: words }, (_, i) => `w${i + 1} `);
      return { blocks: [text(chunks.join(''), chunks)], stop: 'end_turn', delayMs };
    }
    case 'thinking':
      return {
        blocks: [
          { type: 'thinking', thinking: 'Let me think about this. ', chunks: ['Let me think ', 'about this. '] },
          text(`Thought about: ${lastPrompt}`),
        ],
        stop: 'end_turn',
      };
    case 'tool_bash':
      if (results.length > 0) {
        const r = results[0];
        return { blocks: [text(`Tool finished (is_error=${r.is_error ? 'True' : 'False'}): ${toolResultText(r)}`)], stop: 'end_turn' };
      }
      return {
        blocks: [
          text('I will run a tool.'),
          { type: 'tool_use', name: 'Bash', input: { command: scenario.args[0] || 'echo hello', description: 'Run the requested command' } },
        ],
        stop: 'tool_use',
      };
    case 'ask_user':
      if (results.length > 0) return { blocks: [text(`Answer received: ${toolResultText(results[0])}`)], stop: 'end_turn' };
      return {
        blocks: [{
          type: 'tool_use', name: 'AskUserQuestion',
          input: { questions: [{ question: 'Which color do you prefer?', header: 'Color', multiSelect: false,
            options: [{ label: 'Red', description: 'The warm one' }, { label: 'Blue', description: 'The cool one' }] }] },
        }],
        stop: 'tool_use',
      };
    case 'tool_write': {
      if (results.length > 0) return { blocks: [text(finished(results[0]))], stop: 'end_turn' };
      const lines = Number(scenario.args[1] || 25);
      const content = Array.from({ length: lines }, (_, i) => `Line ${i + 1}\n`).join('');
      const input = { file_path: absolutePath(body, scenario.args[0] || 'written.txt'), content };
      return {
        blocks: [text('I will write a file.'), { type: 'tool_use', name: 'Write', input, inputChunks: jsonPieces(input, 12), chunkDelayMs: Number(scenario.args[2] || 40) }],
        stop: 'tool_use',
      };
    }
    case 'tool_edit': {
      const path = absolutePath(body, scenario.args[0] || 'edited.txt');
      const previous = lastToolUses(messages)[0]?.name;
      if (results.length > 0 && previous !== 'Read') return { blocks: [text(finished(results[0]))], stop: 'end_turn' };
      if (results.length === 0)
        return { blocks: [text('I will read the file first.'), { type: 'tool_use', name: 'Read', input: { file_path: path } }], stop: 'tool_use' };
      const unescape = (t) => (t || '').replace(/\\n/g, '\n');
      return {
        blocks: [text('Now the edit.'), { type: 'tool_use', name: 'Edit', input: { file_path: path, old_string: unescape(scenario.args[1]), new_string: unescape(scenario.args[2]) } }],
        stop: 'tool_use',
      };
    }
    case 'subagent':
      // The Task result's first text block is the subagent's reply (the CLI adds its agent id after it).
      if (results.length > 0) {
        const reply = typeof results[0].content === 'string' ? results[0].content : textBlocks(results[0].content)[0] ?? '';
        return { blocks: [text(`Subagent finished: ${reply}`)], stop: 'end_turn' };
      }
      return {
        blocks: [
          text('I will ask a subagent.'),
          {
            type: 'tool_use', name: 'Agent',
            input: { description: 'Run a command in a subagent', subagent_type: 'general-purpose',
              prompt: `Run this command. [[scenario:tool_bash|${scenario.args[0] || 'echo hello'}]]` },
          },
        ],
        stop: 'tool_use',
      };
    default:
      return { blocks: [text(`Echo #${prompts.length}: ${lastPrompt}`)], stop: 'end_turn' };
  }
}

function finalize(blocks) {
  return blocks.map((b) => {
    if (b.type === 'text') return { type: 'text', text: b.text };
    if (b.type === 'thinking') return { type: 'thinking', thinking: b.thinking, signature: 'fake-signature' };
    return { type: 'tool_use', id: b.id, name: b.name, input: b.input };
  });
}

function messageShell(id, model) {
  return { id, type: 'message', role: 'assistant', model: model || 'claude-fake', content: [],
    stop_reason: null, stop_sequence: null, usage: { input_tokens: 25, output_tokens: 1 } };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function streamReply(res, body, reply) {
  const id = `msg_fake_${String(++messageCounter).padStart(4, '0')}`;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_fake_${messageCounter}` });
  const send = (event, data) => { if (!res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`); };
  send('message_start', { message: messageShell(id, body.model) });
  let outputTokens = 0;
  for (const [index, block] of reply.blocks.entries()) {
    if (res.destroyed) return;
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      for (const chunk of block.chunks || [block.text]) {
        send('content_block_delta', { index, delta: { type: 'text_delta', text: chunk } });
        outputTokens += 1;
        if (reply.delayMs) await sleep(reply.delayMs);
      }
    } else if (block.type === 'thinking') {
      send('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const chunk of block.chunks) send('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: chunk } });
      send('content_block_delta', { index, delta: { type: 'signature_delta', signature: 'fake-signature' } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      for (const piece of block.inputChunks || [JSON.stringify(block.input)]) {
        if (res.destroyed) return;
        send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } });
        if (block.chunkDelayMs) await sleep(block.chunkDelayMs);
      }
    }
    send('content_block_stop', { index });
  }
  send('message_delta', { delta: { stop_reason: reply.stop, stop_sequence: null }, usage: { output_tokens: outputTokens + 11 } });
  send('message_stop', {});
  res.end();
}

async function stall(res, body) {
  const id = `msg_fake_${String(++messageCounter).padStart(4, '0')}`;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': `req_fake_${messageCounter}` });
  res.write(`event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message: messageShell(id, body.model) })}\n\n`);
  res.write(`event: content_block_start\ndata: ${JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } })}\n\n`);
  res.write(`event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Starting to ' } })}\n\n`);
  // Then nothing: the socket stays open until the client closes it.
}

const errorTypes = { 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error',
  404: 'not_found_error', 413: 'request_too_large', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' };

function sendError(res, status) {
  const type = errorTypes[status] || 'api_error';
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_err_${++messageCounter}` });
  res.end(JSON.stringify({ type: 'error', error: { type, message: `fake: ${type.replace(/_/g, ' ')}` } }));
}

async function handleMessages(req, res, body) {
  // Side request (session title, structured output): answer with the schema's shape.
  if (body.output_config && body.output_config.format) {
    const reply = { blocks: [{ type: 'text', text: JSON.stringify({ title: 'Fake title' }) }], stop: 'end_turn' };
    return body.stream ? streamReply(res, body, reply) : sendJson(res, completeMessage(body, reply));
  }
  const scenario = scenarioOf(userPrompts(body.messages));
  if (scenario.name === 'error') return sendError(res, Number(scenario.args[0] || 500));
  if (scenario.name === 'stall' && body.stream) return stall(res, body);
  const reply = plan(body);
  for (const b of reply.blocks) if (b.type === 'tool_use') b.id = `toolu_fake_${String(++toolCounter).padStart(4, '0')}`;
  if (body.stream) return streamReply(res, body, reply);
  return sendJson(res, completeMessage(body, reply));
}

function completeMessage(body, reply) {
  const id = `msg_fake_${String(++messageCounter).padStart(4, '0')}`;
  return { ...messageShell(id, body.model), content: finalize(reply.blocks), stop_reason: reply.stop, usage: { input_tokens: 25, output_tokens: 12 } };
}

function sendJson(res, value, status = 200) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    let body = null;
    try { body = raw ? JSON.parse(raw) : null; } catch { body = raw; }
    const url = new URL(req.url, 'http://fake');
    if (url.pathname === '/_fake/requests') return sendJson(res, requests);
    if (url.pathname === '/_fake/reset') { requests = []; return sendJson(res, { ok: true }); }
    record({ method: req.method, path: req.url, headers: req.headers, body });
    try {
      if (req.method === 'HEAD' || req.method === 'GET') { res.writeHead(200); return res.end(); }
      if (url.pathname.endsWith('/v1/messages/count_tokens')) return sendJson(res, { input_tokens: 100 });
      if (url.pathname.endsWith('/v1/messages') && body && typeof body === 'object') return await handleMessages(req, res, body);
      sendJson(res, { type: 'error', error: { type: 'not_found_error', message: `fake: no route ${req.url}` } }, 404);
    } catch (error) {
      process.stderr.write(`fake-anthropic: ${error.stack}\n`);
      if (!res.headersSent) sendJson(res, { type: 'error', error: { type: 'api_error', message: 'fake: crashed' } }, 500);
      else res.destroy();
    }
  });
});

server.on('connection', (socket) => { openSockets.add(socket); socket.on('close', () => openSockets.delete(socket)); });
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ listening: server.address().port }) + '\n');
});
const stop = () => { for (const s of openSockets) s.destroy(); server.close(() => process.exit(0)); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test that started us may die without a signal: stdin closing means it is gone.
process.stdin.on('end', stop);
process.stdin.resume();
