/**
 * Named shutdown steps run in registration order on SIGTERM/SIGINT, under one deadline
 * (stop HTTP → close workers → queues → Redis → pool).
 */
export class ShutdownRegistry {
  private readonly steps: Array<{ name: string; run: () => Promise<unknown> }> = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly logger: { info(m: string, meta?: object): unknown; error(m: string, meta?: object): unknown },
    private readonly deadlineMs = 15_000,
  ) {}

  register(name: string, run: () => Promise<unknown>): void {
    this.steps.push({ name, run });
  }

  listen(): void {
    const onSignal = (signal: string) => {
      this.logger.info('shutting down', { signal });
      void this.shutdown().then(() => process.exit(0));
    };
    process.once('SIGTERM', () => onSignal('SIGTERM'));
    process.once('SIGINT', () => onSignal('SIGINT'));
  }

  shutdown(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  private async runSteps(): Promise<void> {
    const timer = setTimeout(() => {
      this.logger.error('shutdown deadline passed, exiting', { deadline_ms: this.deadlineMs });
      process.exit(1);
    }, this.deadlineMs);
    timer.unref();
    for (const step of this.steps) {
      try {
        await step.run();
      } catch (err) {
        // One failing step must not keep the others (and the pool) open.
        this.logger.error('shutdown step failed', { step: step.name, err: (err as Error).message });
      }
    }
    clearTimeout(timer);
  }
}
