import type { Logger } from 'pino';
import type { Clock } from '../../core/clock.js';
import type { TaskStatus } from '../../core/framework.js';
import { isTerminal } from '../../core/task-state.js';
import type { RegisterAgentRequest, RegisterAgentResponse, StatusUpdateAck } from '../../api/master-types.js';
import type { Allocator } from '../allocator/allocator.js';
import type { AgentCommands } from './agent-commands.js';
import type { AgentRecord, AgentRegistry } from './agent-registry.js';
import type { FrameworkManager } from './framework-manager.js';
import { healthOf, type TaskBook } from './task-book.js';

export interface AgentGatewayDeps {
  clock: Clock;
  log: Logger;
  masterId: string;
  agents: AgentRegistry;
  commands: AgentCommands;
  tasks: TaskBook;
  frameworks: FrameworkManager;
  allocator: Allocator;
}

/**
 * The master's end of the agent protocol: registration (with reconciliation of the
 * tasks the agent reports against the master's task book), heartbeats, status updates,
 * and the consequences of an agent going silent.
 */
export class AgentGateway {
  constructor(private readonly d: AgentGatewayDeps) {}

  async register(req: RegisterAgentRequest): Promise<RegisterAgentResponse> {
    const { record, known } = await this.d.agents.register(req);
    this.d.log.info({ agentId: record.id, hostname: record.hostname, reregistered: known }, 'agent registered');
    this.d.frameworks.rescindOffersOn(record.id);
    this.d.allocator.addAgent(record.id, record.resources, this.d.tasks.usedOn(record.id));
    await this.reconcileAgent(record, req);
    return { agentId: record.id, masterId: this.d.masterId, heartbeatIntervalMs: this.d.agents.heartbeatIntervalMs() };
  }

  heartbeat(agentId: string): boolean {
    return this.d.agents.heartbeat(agentId);
  }

  async updates(agentId: string, updates: TaskStatus[]): Promise<StatusUpdateAck> {
    if (!this.d.agents.heartbeat(agentId)) {
      // Not registered (or declared unreachable): the agent must re-register first, then resend.
      return { acknowledged: [] };
    }
    const fresh = updates.filter((u) => this.d.tasks.get(u.taskId) !== undefined);
    const orphans = updates.filter((u) => this.d.tasks.get(u.taskId) === undefined);
    await this.killOrphans(agentId, orphans.filter((o) => !isTerminal(o.state)));
    await this.d.commands.settled(orphans.filter((o) => isTerminal(o.state)).map((o) => o.taskId));
    await this.d.frameworks.applyUpdates(fresh.map((u) => ({ ...u, agentId })));
    return { acknowledged: updates.map((u) => u.uuid).filter((u): u is string => typeof u === 'string') };
  }

  /** An agent missed its heartbeats: no more offers there, and its tasks become TASK_UNREACHABLE. */
  async unreachable(agent: AgentRecord): Promise<void> {
    this.d.log.warn({ agentId: agent.id, hostname: agent.hostname }, 'agent unreachable');
    this.d.frameworks.rescindOffersOn(agent.id);
    this.d.allocator.setAgentActive(agent.id, false);
    const tasks = this.d.tasks.onAgent(agent.id).filter((t) => t.state !== 'TASK_UNREACHABLE');
    await this.d.frameworks.applyUpdates(
      tasks.map((t) => this.d.frameworks.masterStatus(t, 'TASK_UNREACHABLE', `Agent ${agent.hostname} stopped sending heartbeats`, 'REASON_AGENT_REMOVED')),
    );
  }

  /**
   * What the agent runs is the truth about processes; the task book is the truth about
   * intent. Tasks the master never launched are killed (durably); tasks the agent lost
   * are reported lost, unless their launch is still on its way; tasks whose state moved
   * on while the master was away are updated; kills still pending go out now.
   */
  private async reconcileAgent(agent: AgentRecord, req: RegisterAgentRequest): Promise<void> {
    const reported = new Map(req.tasks.map((t) => [t.taskId, t]));
    const updates: TaskStatus[] = [];
    await this.killOrphans(agent.id, req.tasks.filter((t) => !this.d.tasks.get(t.taskId) && !isTerminal(t.state)));
    for (const report of req.tasks) {
      const task = this.d.tasks.get(report.taskId);
      if (!task) continue;
      // The agent's last health passes on too: a master that lost it (restarted) learns it here.
      const healthMoved = report.healthy !== undefined && JSON.stringify(healthOf(report)) !== JSON.stringify(healthOf(task));
      if (!isTerminal(report.state) && (report.state !== task.state || healthMoved)) {
        updates.push({
          ...this.d.frameworks.masterStatus(task, report.state, `Agent ${agent.hostname} re-registered`, 'REASON_AGENT_REREGISTERED'), sandbox: report.sandbox, ...healthOf(report),
        });
      }
    }
    for (const task of this.d.tasks.onAgent(agent.id)) {
      if (reported.has(task.taskId) || this.d.commands.isLaunchInFlight(task.taskId)) continue;
      updates.push(this.d.frameworks.masterStatus(task, 'TASK_LOST', `Agent ${agent.hostname} re-registered without this task`, 'REASON_AGENT_REREGISTERED'));
    }
    const goneOrphans = this.d.commands.pendingKillsOn(agent.id).filter((k) => !reported.has(k.taskId) && !this.d.tasks.get(k.taskId));
    await this.d.commands.settled(goneOrphans.map((k) => k.taskId));
    await this.d.frameworks.applyUpdates(updates);
    this.d.commands.agentRegistered(agent.id);
  }

  /** Tasks the master does not know must not run: killed, durably (one commit for all of them). */
  private async killOrphans(agentId: string, orphans: ReadonlyArray<{ taskId: string; frameworkId: string }>): Promise<void> {
    const fresh = orphans.filter((o) => !this.d.commands.hasPendingKill(o.taskId));
    if (fresh.length > 0) this.d.log.warn({ agentId, count: fresh.length, taskIds: fresh.slice(0, 10).map((o) => o.taskId) }, 'killing tasks the master does not know');
    await Promise.all(orphans.map((o) => this.d.commands.kill({ taskId: o.taskId, frameworkId: o.frameworkId, agentId })));
  }

}
