// The manifest is valid and `extension.js` starts `sigscope server` as its settings say, with
// stand-ins for the `vscode` module (only VS Code provides it) and the language client.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.join(__dirname, '..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const settings = new Map();
let onConfigChange;
const clients = [];

class FakeClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0 });
    clients.push(this);
  }
  async start() {
    this.started += 1;
  }
  async stop() {
    this.stopped += 1;
  }
}

const fakeVscode = {
  workspace: {
    getConfiguration: (section) => ({
      get: (key) => settings.get(`${section}.${key}`),
    }),
    onDidChangeConfiguration: (listener) => {
      onConfigChange = listener;
      return { dispose() {} };
    },
  },
};

const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return fakeVscode;
  if (request === 'vscode-languageclient/node') return { LanguageClient: FakeClient };
  return load.call(this, request, ...rest);
};
const extension = require(path.join(root, manifest.main));

test('the manifest names its entry point, engine, activation and settings', () => {
  assert.strictEqual(manifest.name, 'sigscope');
  assert.ok(fs.existsSync(path.join(root, manifest.main)), manifest.main);
  assert.match(manifest.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.deepStrictEqual(manifest.activationEvents, ['onLanguage:yaml']);
  const props = manifest.contributes.configuration.properties;
  assert.deepStrictEqual(Object.keys(props).sort(), [
    'sigscope.server.extraArgs',
    'sigscope.server.path',
  ]);
  assert.strictEqual(props['sigscope.server.path'].default, 'sigscope');
  assert.ok(manifest.dependencies['vscode-languageclient']);
  assert.strictEqual(typeof extension.activate, 'function');
  assert.strictEqual(typeof extension.deactivate, 'function');
});

test('activation starts `sigscope server` for YAML and a settings change restarts it', async () => {
  settings.set('sigscope.server.path', '/opt/sigscope');
  settings.set('sigscope.server.extraArgs', ['--config', 'ci/sigscope.toml']);
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.strictEqual(clients.length, 1);
  const [first] = clients;
  assert.deepStrictEqual(first.serverOptions.run, {
    command: '/opt/sigscope',
    args: ['server', '--config', 'ci/sigscope.toml'],
  });
  assert.deepStrictEqual(
    first.clientOptions.documentSelector.map((s) => s.language),
    ['yaml', 'yaml'],
  );
  assert.strictEqual(first.started, 1);
  assert.strictEqual(context.subscriptions.length, 1);

  // Another setting changes nothing; the server's settings restart it with the new command.
  await onConfigChange({ affectsConfiguration: (s) => s === 'editor' });
  assert.strictEqual(clients.length, 1);
  settings.delete('sigscope.server.path');
  settings.delete('sigscope.server.extraArgs');
  await onConfigChange({ affectsConfiguration: (s) => s === 'sigscope.server' });
  assert.strictEqual(first.stopped, 1);
  assert.strictEqual(clients.length, 2);
  assert.deepStrictEqual(clients[1].serverOptions.run, { command: 'sigscope', args: ['server'] });

  await extension.deactivate();
  assert.strictEqual(clients[1].stopped, 1);
});
