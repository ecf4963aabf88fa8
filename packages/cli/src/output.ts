/** Where the CLI writes: results on stdout, notes and progress on stderr (so pipes get data only). */
export class Output {
  constructor(
    readonly json: boolean,
    readonly quiet: boolean,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  line(text: string): void {
    this.stdout.write(`${text}\n`);
  }

  data(value: unknown): number {
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    return 0;
  }

  note(text: string): void {
    if (!this.quiet) this.stderr.write(`${text}\n`);
  }

  get progressStream(): NodeJS.WriteStream {
    return this.stderr;
  }
}
