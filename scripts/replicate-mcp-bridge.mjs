// The cold start of scripts/replicate-mcp: when the server must be built first (a fresh clone: generation and three
// projects, up to a minute on two busy cores), an MCP client would time out waiting for its `initialize` answer. This
// bridge answers `initialize` at once, as the server will (the same capabilities, server info and instructions, read
// from the server's own source), runs the build with its output on stderr, then starts the built server, replays to it
// everything the client sent meanwhile (its answer to the replayed `initialize` is dropped: the client has one), and from
// then on passes bytes both ways untouched. stdout carries only JSON-RPC. When stdin closes it ends the build (a process
// it started, by its pid) or closes the server's stdin, and exits with the server.
// Written by hand: it must run before anything of the repository is built, so it cannot be .NET; Node.js is a
// prerequisite of the checkout anyway (the Pact tools).
//
// Environment (set by scripts/replicate-mcp): REPLICATE_MCP_BUILD_COMMAND (a bash command), REPLICATE_MCP_DLL (the
// server), REPLICATE_MCP_SERVER_INFO (a JSON file with protocolVersions, capabilities, serverInfo, instructions: the one
// the server embeds), REPLICATE_MCP_VERSION (the version to report until the server runs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const buildCommand = process.env.REPLICATE_MCP_BUILD_COMMAND;
const dll = process.env.REPLICATE_MCP_DLL;
const info = JSON.parse(readFileSync(process.env.REPLICATE_MCP_SERVER_INFO, 'utf8'));
const serverArgs = process.argv.slice(2);

const pending = [];          // lines the client sent before the server ran
let initializeId = null;     // the id of the initialize request the bridge answered (JSON text), if it did
let server = null;
let stdinClosed = false;

const build = spawn('bash', ['-c', buildCommand], { stdio: ['ignore', process.stderr, process.stderr] });

function answerInitialize(message) {
  const requested = message.params?.protocolVersion;
  const protocolVersion = info.protocolVersions.includes(requested) ? requested : info.protocolVersions.at(-1);
  const serverInfo = { ...info.serverInfo, version: process.env.REPLICATE_MCP_VERSION || '0.0.0' };
  const result = { protocolVersion, capabilities: info.capabilities, serverInfo, instructions: info.instructions };
  process.stdout.write(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }) + '\n');
}

const input = createInterface({ input: process.stdin, crlfDelay: Infinity });
input.on('line', (line) => {
  if (server) {
    server.stdin.write(line + '\n');
    return;
  }
  pending.push(line);
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;   // the server answers a parse error itself once it runs
  }
  if (message && message.method === 'initialize' && message.id !== undefined && initializeId === null) {
    initializeId = JSON.stringify(message.id);
    answerInitialize(message);
  }
});
input.on('close', () => {
  stdinClosed = true;
  if (server) {
    server.stdin.end();
  } else if (build.exitCode === null) {
    build.kill('SIGTERM');
  }
});

build.on('exit', (code) => {
  if (code !== 0) {
    process.stderr.write(`replicate-mcp: building the server failed (exit ${code})\n`);
    process.exit(stdinClosed ? 0 : 2);
  }
  if (stdinClosed && pending.length === 0) {
    process.exit(0);
  }
  server = spawn('dotnet', ['exec', dll, ...serverArgs], { stdio: ['pipe', 'pipe', 'inherit'] });
  let dropped = initializeId === null;
  createInterface({ input: server.stdout, crlfDelay: Infinity }).on('line', (line) => {
    if (!dropped) {
      try {
        const message = JSON.parse(line);
        if (JSON.stringify(message.id) === initializeId && (message.result || message.error)) {
          dropped = true;
          if (message.error) {
            process.stderr.write(`replicate-mcp: the server refused the initialize the bridge answered: ${JSON.stringify(message.error)}\n`);
          }
          return;
        }
      } catch {
        // not JSON: pass it on unchanged
      }
    }
    process.stdout.write(line + '\n');
  });
  server.stdin.on('error', () => {});   // the server may exit before it has read everything
  for (const line of pending.splice(0)) {
    server.stdin.write(line + '\n');
  }
  if (stdinClosed) {
    server.stdin.end();
  }
  server.on('close', (serverCode) => process.exit(serverCode ?? 1));
});
