import { DcosError, ErrorCodes, notFound, type ValidationDetail } from '../../../core/errors.js';
import { appIdProblems, canonicalPathId } from '../../../core/ids.js';
import { normalizeAppDefinition } from '../../../core/marathon/normalize-app.js';
import { rollbackProblems, validateAppDefinition } from '../../../core/marathon/validation/validate-app.js';
import type { Deployer } from '../deployments/deployer.js';
import type { Deployment, DeploymentStep } from '../deployments/deployment.js';
import type { SchedulerState } from '../state/scheduler-state.js';
import { isConfigChange, restoredAs, type StoredApp } from '../state/stored-app.js';
import { assignServicePorts } from '../apps/service-ports.js';
import { isUnder, type GroupRecord } from './group.js';
import { appsUnder, buildGroupTree, findGroup, type GroupNode } from './group-tree.js';

export interface GroupChangeOptions {
  force?: boolean;
}

const invalid = (details: ValidationDetail[]) => new DcosError(ErrorCodes.INVALID_DEFINITION, 'Object is not valid', { details });
/** The largest instance count of an app (app.raml: int32). */
const MAX_INSTANCES = 2 ** 31 - 1;
const GROUP_FIELDS = new Set(['id', 'apps', 'groups', 'pods', 'dependencies', 'enforceRole', 'version', 'scaleBy']);

/**
 * /v2/groups (groups.raml): a group definition is the whole content of that group — its
 * apps and subgroups; a PUT makes the group exactly that (apps it no longer lists stop),
 * `scaleBy` scales every app under it, `version` rolls every app under it back to the
 * versions it had then. Changes become one deployment, in dependency order.
 */
export class GroupService {
  constructor(private readonly state: SchedulerState, private readonly deployer: Deployer) {}

  tree(): GroupNode {
    return buildGroupTree(this.state.apps, this.state.groups);
  }

  get(id: string): GroupNode {
    const gid = groupId(id);
    const node = findGroup(this.tree(), gid);
    if (!node) throw notFound(`Group '${gid}' does not exist`);
    return node;
  }

  /** POST /v2/groups */
  create(raw: unknown, opts: GroupChangeOptions = {}): Promise<Deployment> {
    return this.deployer.exclusive(async () => {
      const body = objectBody(raw);
      if (typeof body.id !== 'string') throw invalid([{ path: '/id', errors: ['is required'] }]);
      const id = groupId(body.id);
      if (findGroup(this.tree(), id) && id !== '/') throw new DcosError(ErrorCodes.CONFLICT, `Group ${id} is already created. Use PUT to change this group.`);
      if (this.state.apps.has(id)) throw new DcosError(ErrorCodes.CONFLICT, `An app with id [${id}] already exists.`);
      return this.deployer.deploy({ ...this.contentChange(id, body, undefined), force: opts.force });
    });
  }

  /** PUT /v2/groups/{id}: creates the group if absent. With dryRun, only the plan's steps. */
  update(id: string, raw: unknown, opts: GroupChangeOptions & { dryRun?: boolean } = {}): Promise<Deployment | DeploymentStep[]> {
    return this.deployer.exclusive(async () => {
      const gid = groupId(id);
      const body = objectBody(raw);
      if (body.id !== undefined && (typeof body.id !== 'string' || groupId(body.id, gid) !== gid)) {
        throw invalid([{ path: '/id', errors: [`must be ${gid} (the id in the URL)`] }]);
      }
      const existing = findGroup(this.tree(), gid);
      const change = body.version !== undefined ? await this.rollback(gid, body, existing)
        : body.scaleBy !== undefined ? this.scale(gid, body, existing)
        : this.contentChange(gid, body, existing);
      if (opts.dryRun) return this.deployer.preview(change);
      return this.deployer.deploy({ ...change, force: opts.force });
    });
  }

  /** PATCH /v2/groups/{id}: the settings of a top-level group (enforceRole); no app restarts. */
  patch(id: string, raw: unknown): Promise<Deployment> {
    return this.deployer.exclusive(async () => {
      const gid = groupId(id);
      const body = objectBody(raw);
      const problems: ValidationDetail[] = Object.keys(body).filter((k) => k !== 'enforceRole' && k !== 'id')
        .map((k) => ({ path: `/${k}`, errors: ['PATCH changes only enforceRole of a top-level group; use PUT for the rest'] }));
      if (gid.split('/').length !== 2) problems.push({ path: '/id', errors: ['only top-level groups have settings to patch'] });
      if (body.enforceRole !== undefined && typeof body.enforceRole !== 'boolean') problems.push({ path: '/enforceRole', errors: ['must be of type boolean'] });
      if (problems.length > 0) throw invalid(problems);
      const node = this.get(gid);
      const record: GroupRecord = { id: gid, dependencies: node.dependencies, enforceRole: Boolean(body.enforceRole ?? node.enforceRole), version: this.deployer.newVersion() };
      return this.deployer.deploy({ putGroups: [record], version: record.version });
    });
  }

  /** DELETE /v2/groups/{id}: every app and subgroup under it. */
  remove(id: string, opts: GroupChangeOptions = {}): Promise<Deployment> {
    return this.deployer.exclusive(async () => {
      const gid = groupId(id);
      const node = this.get(gid);
      const removeGroups = [...this.state.groups.keys()].filter((g) => isUnder(g, gid));
      return this.deployer.deploy({ remove: appsUnder(node).map((a) => a.id), removeGroups, force: opts.force });
    });
  }

  /** The group becomes what `body` says: listed apps and subgroups put, unlisted ones removed. */
  private contentChange(gid: string, body: Record<string, unknown>, existing: GroupNode | undefined) {
    const details: ValidationDetail[] = [];
    const put: StoredApp[] = [];
    const putGroups: GroupRecord[] = [];
    const listedApps = new Set<string>();
    const listedGroups = new Set<string>();
    const version = this.deployer.newVersion();
    const inUse = new Set<number>();
    const walk = (group: Record<string, unknown>, id: string, path: string) => {
      for (const key of Object.keys(group)) if (!GROUP_FIELDS.has(key)) details.push({ path: `${path}/${key}`, errors: ['is not a field of a Marathon group'] });
      // A rollback or a scale is a PUT of the group itself, alone; anywhere else it would do nothing.
      for (const key of ['version', 'scaleBy']) {
        if (group[key] !== undefined) details.push({ path: `${path}/${key}`, errors: [`${key} is taken only by PUT /v2/groups/{id}, alone (with id)`] });
      }
      if (group.pods !== undefined && !(Array.isArray(group.pods) && group.pods.length === 0)) details.push({ path: `${path}/pods`, errors: ['pods are not supported; use apps'] });
      const deps = group.dependencies ?? [];
      if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string')) details.push({ path: `${path}/dependencies`, errors: ['must be an array of group or app ids'] });
      if (group.enforceRole !== undefined && typeof group.enforceRole !== 'boolean') details.push({ path: `${path}/enforceRole`, errors: ['must be of type boolean'] });
      const resolved = Array.isArray(deps) ? deps.map((d) => canonicalPathId(String(d), id)) : [];
      resolved.forEach((d, k) => {
        if (isUnder(d, id)) details.push({ path: `${path}/dependencies(${k})`, errors: [`${d} is in the group ${id}: a group cannot depend on what it contains`] });
      });
      putGroups.push({
        id, dependencies: resolved,
        enforceRole: Boolean(group.enforceRole ?? this.state.groups.get(id)?.enforceRole ?? false), version,
      });
      listedGroups.add(id);
      const apps = group.apps ?? [];
      if (!Array.isArray(apps)) details.push({ path: `${path}/apps`, errors: ['must be an array of app definitions'] });
      else apps.forEach((raw: unknown, i: number) => {
        const p = `${path}/apps(${i})`;
        if (typeof raw !== 'object' || raw === null || typeof (raw as { id?: unknown }).id !== 'string') {
          details.push({ path: `${p}/id`, errors: ['is required'] });
          return;
        }
        const appId = canonicalPathId(String((raw as { id: string }).id), id);
        if (!isUnder(appId, id) || appId === id) {
          details.push({ path: `${p}/id`, errors: [`must be in the group ${id}, got ${appId}`] });
          return;
        }
        const def = { ...(raw as Record<string, unknown>), id: appId };
        const problems = validateAppDefinition(def);
        if (problems.length > 0) {
          details.push(...problems.map((d) => ({ ...d, path: `${p}${d.path === '/' ? '' : d.path}` })));
          return;
        }
        if (listedApps.has(appId)) {
          details.push({ path: `${p}/id`, errors: [`${appId} appears more than once in the group`] });
          return;
        }
        listedApps.add(appId);
        const spec = normalizeAppDefinition(def);
        const before = this.state.apps.get(appId);
        const ports = assignServicePorts(spec.portDefinitions, this.portsInUse(appId, inUse), before?.portDefinitions);
        for (const d of ports) inUse.add(d.port);
        const next = { ...spec, portDefinitions: ports };
        const config = !before || isConfigChange(before, next);
        put.push({ ...next, version, versionInfo: { lastScalingAt: version, lastConfigChangeAt: config ? version : before.versionInfo.lastConfigChangeAt } });
      });
      const groups = group.groups ?? [];
      if (!Array.isArray(groups)) details.push({ path: `${path}/groups`, errors: ['must be an array of groups'] });
      else groups.forEach((g: unknown, i: number) => {
        const p = `${path}/groups(${i})`;
        if (typeof g !== 'object' || g === null || typeof (g as { id?: unknown }).id !== 'string') {
          details.push({ path: `${p}/id`, errors: ['is required'] });
          return;
        }
        const sub = canonicalPathId(String((g as { id: string }).id), id);
        const problems = appIdProblems(sub);
        if (problems.length > 0 || !isUnder(sub, id) || sub === id) {
          details.push({ path: `${p}/id`, errors: problems.length > 0 ? problems : [`must be in the group ${id}, got ${sub}`] });
          return;
        }
        walk(g as Record<string, unknown>, sub, p);
      });
    };
    if (gid !== '/') {
      const problems = appIdProblems(gid);
      if (problems.length > 0) details.push({ path: '/id', errors: problems });
    }
    walk(body, gid, '');
    if (details.length > 0) throw invalid(details);
    // A group given without `apps` or `groups` keeps those it has (Marathon's GroupUpdate).
    const keepApps = body.apps === undefined;
    const keepGroups = body.groups === undefined;
    const remove = existing ? appsUnder(existing).map((a) => a.id).filter((a) => {
      if (listedApps.has(a)) return false;
      const direct = a.slice(0, a.lastIndexOf('/')) === gid || (gid === '/' && a.lastIndexOf('/') === 0);
      return direct ? !keepApps : !keepGroups && ![...listedGroups].some((g) => g !== gid && isUnder(a, g));
    }) : [];
    const removeGroups = keepGroups ? [] : [...this.state.groups.keys()].filter((g) => isUnder(g, gid) && !listedGroups.has(g));
    return { put, remove, putGroups: gid === '/' ? putGroups.filter((g) => g.id !== '/') : putGroups, removeGroups, version };
  }

  /** scaleBy: every app under the group to ⌈instances × factor⌉. */
  private scale(gid: string, body: Record<string, unknown>, existing: GroupNode | undefined) {
    const factor = body.scaleBy;
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 0) throw invalid([{ path: '/scaleBy', errors: ['must be a number of 0 or more'] }]);
    const tooMany = existing && appsUnder(existing).find((a) => Math.ceil(a.instances * factor) > MAX_INSTANCES);
    if (tooMany) {
      throw invalid([{ path: '/scaleBy', errors: [`would give ${tooMany.id} ${Math.ceil(tooMany.instances * factor)} instances: an app has at most ${MAX_INSTANCES}`] }]);
    }
    const extra = Object.keys(body).filter((k) => k !== 'scaleBy' && k !== 'id');
    if (extra.length > 0) throw invalid(extra.map((k) => ({ path: `/${k}`, errors: ['scaleBy may only be combined with id'] })));
    if (!existing) throw notFound(`Group '${gid}' does not exist`);
    const version = this.deployer.newVersion();
    const put = appsUnder(existing).map((a): StoredApp => ({ ...a, instances: Math.ceil(a.instances * factor), version, versionInfo: { ...a.versionInfo, lastScalingAt: version } }));
    return { put, version };
  }

  /** version: every app under the group back to the version it had at that time (apps that did not exist then stop). */
  private async rollback(gid: string, body: Record<string, unknown>, existing: GroupNode | undefined) {
    const at = body.version;
    const mixed = rollbackProblems(body);
    if (mixed.length > 0) throw invalid(mixed);
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) throw invalid([{ path: '/version', errors: ['must be an ISO-8601 timestamp of a version'] }]);
    if (!existing) throw notFound(`Group '${gid}' does not exist`);
    const version = this.deployer.newVersion();
    const put: StoredApp[] = [];
    const remove: string[] = [];
    for (const app of appsUnder(existing)) {
      const then = this.state.versionsOf(app.id).filter((v) => v <= at).pop();
      if (!then) {
        remove.push(app.id);
        continue;
      }
      const def = await this.state.appVersion(app.id, then);
      if (def && def.version !== app.version) put.push(restoredAs(def, version));
    }
    return { put, remove, version };
  }

  private portsInUse(exceptApp: string, extra: ReadonlySet<number>): Set<number> {
    const used = new Set(extra);
    for (const a of this.state.apps.values()) if (a.id !== exceptApp) for (const d of a.portDefinitions) used.add(d.port);
    return used;
  }
}

function objectBody(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid([{ path: '/', errors: ['must be a JSON object'] }]);
  return raw as Record<string, unknown>;
}

/** "/" stays the root; other ids are made absolute, relative to `base` when they do not start with "/" ("web" in /prod is /prod/web, "../db" is /db). */
export function groupId(id: string, base = '/'): string {
  return canonicalPathId(id.trim(), base);
}
