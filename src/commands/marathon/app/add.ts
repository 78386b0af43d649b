import * as Args from '@oclif/core/args';
import { readFile } from 'node:fs/promises';
import { DcosCommand, jsonFlag } from '../../../cli/base-command.js';
import { connect } from '../../../cli/client.js';
import { usageError } from '../../../cli/errors.js';

export default class AppAdd extends DcosCommand {
  static summary = 'Deploy an app from a Marathon app definition (JSON)';
  static description = 'Reads the definition from FILE, or from stdin when FILE is - or absent. The server validates it and lists every problem with its path.';
  static aliases = ['app:add'];
  static examples = ['<%= config.bin %> <%= command.id %> web.json', 'cat web.json | <%= config.bin %> <%= command.id %>'];
  static args = { file: Args.string({ ignoreStdin: true, description: 'app definition file, or - for stdin', required: false }) };
  static flags = { json: jsonFlag };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(AppAdd);
    const definition = await readDefinition(args.file);
    const { marathon } = await connect();
    const app = await marathon.createApp(definition);
    if (flags.json) return this.printJson(app);
    const deployment = app.deployments?.[0]?.id;
    this.write(`Created app ${app.id}${deployment ? `; deployment ${deployment}` : ''}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function readDefinition(file: string | undefined): Promise<unknown> {
  const fromStdin = file === undefined || file === '-';
  if (fromStdin && process.stdin.isTTY) throw usageError('give an app definition: a FILE argument, or JSON on stdin');
  let text: string;
  try {
    text = fromStdin ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw usageError(`cannot read the app definition from ${file}: ${(err as Error).message}`, err);
  }
  const source = fromStdin ? 'stdin' : file;
  if (text.trim() === '') throw usageError(`the app definition on ${source} is empty`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw usageError(`the app definition on ${source} is not valid JSON: ${(err as Error).message}`, err);
  }
}
