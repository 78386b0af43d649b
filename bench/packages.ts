/**
 * The package service (issue 8, "Benchmark"), each figure beside a peer measured in the
 * same run:
 *   1. Rendering throughput: packages rendered per second over the 13 Universe fixtures
 *      (merge, draft-04 validation, Cosmos's mustache, labels with the gzipped
 *      definition), against mustache.js alone rendering the same templates over views
 *      already converted (what is left when merging, validation and labels are free).
 *   2. `dcos package search` over a 10,000-package Universe index served on loopback
 *      (the repository already read once, as Cosmos caches it), against `dcos --version`.
 *   3. `dcos package install hello --wait` to all tasks healthy, against the same app
 *      (rendered the same way) POSTed to /v2/apps and polled until healthy.
 *
 *   node --import tsx bench/packages.ts
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Mustache from 'mustache';
import type { PackageDefinition } from '../src/api/cosmos-types.js';
import { mustacheView } from '../src/runtime/packages/render/mustache-template.js';
import { deepMerge, resolveOptions } from '../src/runtime/packages/render/options.js';
import { renderPackage } from '../src/runtime/packages/render/render-package.js';
import { readPackageDirectory } from '../src/runtime/packages/repository/package-directory.js';
import { generateUniverseIndex } from '../test/harness/universe-index.js';
import { BENCH_BLOCK, CLI, isMain, localCluster, median, ms, printRows, recordResults, removeAndWait, ROOT, runCli, until } from './support.js';

const FIXTURES = join(ROOT, 'test/fixtures/universe/packages');

function fixtures(): PackageDefinition[] {
  return readdirSync(FIXTURES).map((name) => {
    const rev = readdirSync(join(FIXTURES, name))[0];
    return readPackageDirectory(join(FIXTURES, name, rev), Number(rev));
  });
}

export interface RenderFigures { packagesPerSecond: number; plainMustachePerSecond: number; ratio: number }

export function renderBench(rounds = 200, runs = 7): RenderFigures {
  const pkgs = fixtures();
  const plain = pkgs.map((p) => ({
    template: Buffer.from(p.marathon!.v2AppMustacheTemplate, 'base64').toString('utf8'),
    view: mustacheView(deepMerge(resolveOptions(p, {}), { resource: p.resource ?? {} })),
  }));
  const perSecond = (fn: () => void) => {
    for (let i = 0; i < 20; i++) fn();
    const all: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      for (let i = 0; i < rounds; i++) fn();
      all.push((rounds * pkgs.length) / ((performance.now() - start) / 1000));
    }
    return median(all);
  };
  const packagesPerSecond = perSecond(() => {
    for (const pkg of pkgs) renderPackage({ pkg, sourceUri: 'https://universe.example/repo' });
  });
  const plainMustachePerSecond = perSecond(() => {
    for (const p of plain) JSON.parse(Mustache.render(p.template, p.view, {}, { escape: (s: string) => s }));
  });
  return { packagesPerSecond, plainMustachePerSecond, ratio: plainMustachePerSecond / packagesPerSecond };
}

async function timeCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dcos ${args.join(' ')} exited ${code}`))));
  });
  return performance.now() - start;
}

export interface ClusterFigures {
  searchMs: number; versionMs: number; searchRatio: number;
  /** The same CLI path without the search (oclif and the command's imports), and the search alone over HTTP. */
  clusterListMs: number; searchApiMs: number;
  installWaitMs: number; postAppMs: number; installRatio: number;
}

export async function clusterBench(runs = 5): Promise<ClusterFigures> {
  const index = JSON.stringify(generateUniverseIndex({ count: 10_000 }));
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/vnd.dcos.universe.repo+json;charset=utf-8;version=v5' }).end(index));
  await new Promise<void>((resolve) => server.listen(0, `127.0.${BENCH_BLOCK}.200`, resolve));
  const url = `http://127.0.${BENCH_BLOCK}.200:${(server.address() as { port: number }).port}/repo`;
  const cluster = await localCluster('bench-packages', 2);
  try {
    const { env, marathon } = cluster;
    await runCli(CLI, ['package', 'repo', 'add', 'big', url], env);
    await runCli(CLI, ['package', 'search', 'stream', '--json'], env); // the master reads the index once (cached as Cosmos caches it)
    const search: number[] = [];
    const version: number[] = [];
    const oclif: number[] = [];
    const api: number[] = [];
    for (let i = 0; i < runs; i++) {
      version.push(await timeCli(['--version'], env));
      oclif.push(await timeCli(['cluster', 'list', '--json'], env));
      search.push(await timeCli(['package', 'search', 'stream', '--json'], env));
      const start = performance.now();
      await marathon.http.send('POST', '/package/search', { query: 'stream' });
      api.push(performance.now() - start);
    }
    await runCli(CLI, ['package', 'repo', 'remove', 'big'], env);

    const rendered = renderPackage({ pkg: readPackageDirectory(join(ROOT, 'templates/universe/hello/0'), 0), sourceUri: 'bench' })!.app;
    const install: number[] = [];
    const post: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = `/bench/hello-${i}`;
      let start = performance.now();
      await runCli(CLI, ['package', 'install', 'hello', '--app-id', id, '--yes', '--wait'], env);
      install.push(performance.now() - start);
      await removeAndWait(marathon, id);
      start = performance.now();
      await marathon.createApp({ ...rendered, id: `${id}-posted` });
      await until('the posted app to be healthy', async () => {
        const app = await marathon.getApp(`${id}-posted`);
        return app.tasksHealthy === app.instances && app.deployments.length === 0 ? true : undefined;
      }, { timeoutMs: 120_000, pollMs: 20 });
      post.push(performance.now() - start);
      await removeAndWait(marathon, `${id}-posted`);
    }
    const [searchMs, versionMs, installWaitMs, postAppMs] = [median(search), median(version), median(install), median(post)];
    return {
      searchMs, versionMs, searchRatio: searchMs / versionMs, clusterListMs: median(oclif), searchApiMs: median(api),
      installWaitMs, postAppMs, installRatio: installWaitMs / postAppMs,
    };
  } finally {
    await cluster.down();
    server.close();
  }
}

export function packagesRows(r: RenderFigures, c: ClusterFigures): string[][] {
  return [
    ['package rendering (13 Universe fixtures)', `${r.packagesPerSecond.toFixed(0)} packages/s`, `plain mustache.js ${r.plainMustachePerSecond.toFixed(0)}/s`, `${r.ratio.toFixed(1)}x`],
    ['dcos package search, 10,000-package index', ms(c.searchMs), `dcos --version ${ms(c.versionMs)}`, `${c.searchRatio.toFixed(2)}x`],
    ['  of which the search (POST /package/search)', ms(c.searchApiMs), `dcos cluster list --json ${ms(c.clusterListMs)}`, `${(c.searchMs / c.clusterListMs).toFixed(2)}x`],
    ['dcos package install hello --wait (healthy)', ms(c.installWaitMs), `POST /v2/apps ${ms(c.postAppMs)}`, `${c.installRatio.toFixed(2)}x`],
  ];
}

export async function packagesBench(): Promise<{ render: RenderFigures; cluster: ClusterFigures }> {
  return { render: renderBench(), cluster: await clusterBench() };
}

if (isMain(import.meta.url)) {
  const figures = await packagesBench();
  recordResults('packages', figures);
  printRows([['figure', 'median', 'peer (same run)', 'ratio'], ...packagesRows(figures.render, figures.cluster)]);
}
