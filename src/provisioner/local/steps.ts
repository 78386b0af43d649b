/**
 * Long provisioning work is a list of titled steps, so a front end can show progress
 * (the CLI renders them with listr2, plain lines or NDJSON). `report` carries
 * intermediate messages of a step ("1 of 3 agents registered").
 */
export interface Step<C> {
  title: string;
  run(ctx: C, report: (message: string) => void): Promise<void>;
}

/** Runs steps in order, stopping at the first failure (which it rethrows). */
export type StepRunner = <C>(steps: Step<C>[], ctx: C) => Promise<void>;

export const runSequentially: StepRunner = async (steps, ctx) => {
  for (const step of steps) await step.run(ctx, () => {});
};
