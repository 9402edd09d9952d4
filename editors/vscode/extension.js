// Starts `sigscope server` for the YAML files of the workspace and restarts it when its
// settings change.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The command that runs the server, from the `sigscope.server.*` settings. */
function serverCommand(config) {
  const command = config.get('server.path') || 'sigscope';
  const extra = config.get('server.extraArgs') || [];
  return { command, args: ['server', ...extra] };
}

async function start() {
  const run = serverCommand(vscode.workspace.getConfiguration('sigscope'));
  client = new LanguageClient(
    'sigscope',
    'sigscope',
    { run, debug: run },
    {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
      ],
    },
  );
  await client.start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('sigscope.server')) {
        await deactivate();
        await start();
      }
    }),
  );
  await start();
}

async function deactivate() {
  if (client) {
    const stopping = client;
    client = undefined;
    await stopping.stop();
  }
}

module.exports = { activate, deactivate, serverCommand };
