/**
 * A minimal Jupyter kernel client: starts a kernel from its kernelspec and speaks the Jupyter messaging
 * protocol (v5.3) over zeromq — no Python needed. Enough to execute cells and collect their outputs.
 *
 * Deno's kernel sometimes publishes a cell's last output just after it reports the cell finished
 * (docs/design.md §3), so {@link KernelClient.execute} keeps reading iopub for a short grace period after both
 * `execute_reply` and the `idle` status have arrived.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as zmq from 'zeromq';

/** A kernelspec (`kernel.json`). */
export interface KernelSpec {
  argv: string[];
  display_name: string;
  language: string;
  env?: Record<string, string>;
}

/** One output of a cell, in nbformat 4 shape. */
export type CellOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown> }
  | {
      output_type: 'execute_result';
      execution_count: number | null;
      data: Record<string, unknown>;
      metadata: Record<string, unknown>;
    }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** What executing one cell produced. */
export interface Execution {
  status: 'ok' | 'error' | 'aborted';
  executionCount: number | null;
  outputs: CellOutput[];
}

interface Message {
  header: { msg_id: string; msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
}

const DELIMITER = '<IDS|MSG>';

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Adds one output message of a cell to its outputs; an output shown with a display id is updated in place. */
function collectOutput(outputs: CellOutput[], displays: Map<string, number>, m: Message): void {
  const c = m.content;
  switch (m.header.msg_type) {
    case 'stream': {
      const name = c.name as 'stdout' | 'stderr';
      const last = outputs.at(-1);
      if (last?.output_type === 'stream' && last.name === name) last.text += String(c.text);
      else outputs.push({ output_type: 'stream', name, text: String(c.text) });
      break;
    }
    case 'display_data':
    case 'update_display_data': {
      // An output shown with a display id is updated in place (Jupyter's update_display_data).
      const displayId = (c.transient as { display_id?: string } | undefined)?.display_id;
      const output = {
        output_type: 'display_data' as const,
        data: c.data as Record<string, unknown>,
        metadata: (c.metadata ?? {}) as Record<string, unknown>,
      };
      const shown = displayId === undefined ? undefined : displays.get(displayId);
      if (m.header.msg_type === 'update_display_data') {
        if (shown !== undefined) outputs[shown] = output;
        break;
      }
      if (displayId !== undefined) displays.set(displayId, outputs.length);
      outputs.push(output);
      break;
    }
    case 'execute_result':
      outputs.push({
        output_type: 'execute_result',
        execution_count: (c.execution_count as number | undefined) ?? null,
        data: c.data as Record<string, unknown>,
        metadata: (c.metadata ?? {}) as Record<string, unknown>,
      });
      break;
    case 'error':
      outputs.push({
        output_type: 'error',
        ename: String(c.ename),
        evalue: String(c.evalue),
        traceback: (c.traceback as string[] | undefined) ?? [],
      });
      break;
  }
}

/**
 * A running kernel. Start with {@link KernelClient.start}, always {@link KernelClient.shutdown}.
 *
 * @example
 * const kernel = await KernelClient.start('jupyter/kernels/deno/kernel.json', { cwd: 'notebooks' });
 * const { outputs } = await kernel.execute('1 + 1');
 * await kernel.shutdown();
 */
export class KernelClient {
  private readonly pending: Message[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;
  private exitText = '';
  private readonly session = randomUUID();

  private constructor(
    private readonly process: ChildProcess,
    private readonly key: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
    private readonly connectionFile: string,
  ) {
    void this.pump(iopub);
    void this.pump(shell);
    process.on('exit', (code, signal) => {
      this.exitText = `the kernel exited (${signal ?? `code ${code}`})`;
      this.wake();
    });
  }

  /**
   * Starts the kernel described by `kernel.json` at `specPath`.
   *
   * @param options.cwd - the kernel's working folder (Jupyter uses the notebook's folder)
   * @param options.env - extra environment variables
   * @param options.timeoutMs - how long to wait for the kernel to answer `kernel_info` (default 60 s)
   */
  static async start(
    specPath: string,
    options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
  ): Promise<KernelClient> {
    const spec = JSON.parse(await readFile(specPath, 'utf8')) as KernelSpec;
    const key = randomBytes(16).toString('hex');
    const ports = {
      shell_port: await freePort(),
      iopub_port: await freePort(),
      stdin_port: await freePort(),
      control_port: await freePort(),
      hb_port: await freePort(),
    };
    const connectionFile = join(tmpdir(), `kernel-${randomUUID()}.json`);
    await writeFile(
      connectionFile,
      JSON.stringify({
        ...ports,
        ip: '127.0.0.1',
        transport: 'tcp',
        signature_scheme: 'hmac-sha256',
        key,
        kernel_name: 'deno',
      }),
    );
    // Jupyter's two substitutions: the connection file, and the kernelspec's own folder (the launcher's).
    const argv = spec.argv.map((a) =>
      a.replace('{connection_file}', connectionFile).replace('{resource_dir}', dirname(resolve(specPath))),
    );
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: options.cwd,
      env: { ...process.env, ...spec.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.stdout?.resume();
    const url = (port: number) => `tcp://127.0.0.1:${port}`;
    const shell = new zmq.Dealer();
    const control = new zmq.Dealer();
    const iopub = new zmq.Subscriber();
    shell.connect(url(ports.shell_port));
    control.connect(url(ports.control_port));
    iopub.connect(url(ports.iopub_port));
    iopub.subscribe();
    const client = new KernelClient(child, key, shell, control, iopub, connectionFile);
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    // Ask for kernel_info until both the shell reply and an iopub message arrive (iopub is a late joiner).
    for (;;) {
      if (client.exitText !== '') {
        await client.close();
        throw new Error(`${client.exitText} while starting: ${stderr.trim()}`);
      }
      const id = await client.send(shell, 'kernel_info_request', {});
      const reply = await client.waitFor(
        (m) => m.parent_header.msg_id === id && m.header.msg_type === 'kernel_info_reply',
        Math.min(2000, deadline - Date.now()),
      );
      const published = await client.waitFor(
        (m) => m.parent_header.msg_id === id && m.header.msg_type === 'status',
        500,
      );
      if (reply !== null && published !== null) break;
      if (Date.now() > deadline) {
        await client.shutdown();
        throw new Error(
          `the kernel did not answer within ${options.timeoutMs ?? 60_000} ms: ${stderr.trim()}`,
        );
      }
    }
    client.pending.length = 0;
    return client;
  }

  private async pump(socket: zmq.Dealer | zmq.Subscriber): Promise<void> {
    try {
      for await (const frames of socket) {
        const at = frames.findIndex((f) => f.toString() === DELIMITER);
        if (at < 0) continue;
        const [signature, header, parent, metadata, content] = frames.slice(at + 1).map((f) => f.toString());
        const expected = this.sign([header, parent, metadata, content]);
        if (signature !== expected) continue;
        this.pending.push({
          header: JSON.parse(header as string) as Message['header'],
          parent_header: JSON.parse(parent as string) as Message['parent_header'],
          content: JSON.parse(content as string) as Message['content'],
        });
        this.wake();
      }
    } catch {
      // The socket was closed.
    }
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private sign(parts: (string | undefined)[]): string {
    const hmac = createHmac('sha256', this.key);
    for (const p of parts) hmac.update(p ?? '');
    return hmac.digest('hex');
  }

  private async send(socket: zmq.Dealer, msgType: string, content: object): Promise<string> {
    const msgId = randomUUID();
    const header = JSON.stringify({
      msg_id: msgId,
      session: this.session,
      username: 'runner',
      date: new Date().toISOString(),
      msg_type: msgType,
      version: '5.3',
    });
    const parts = [header, '{}', '{}', JSON.stringify(content)];
    await socket.send([DELIMITER, this.sign(parts), ...parts]);
    return msgId;
  }

  /** Removes and returns the first pending message matching `predicate`, waiting up to `ms`. */
  private async waitFor(predicate: (m: Message) => boolean, ms: number): Promise<Message | null> {
    const deadline = Date.now() + ms;
    for (;;) {
      const at = this.pending.findIndex(predicate);
      if (at >= 0) return this.pending.splice(at, 1)[0] as Message;
      const left = deadline - Date.now();
      if (left <= 0 || this.exitText !== '') return null;
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiter = () => {
          clearTimeout(timer);
          wake();
        };
      });
    }
  }

  /**
   * Executes `code` and returns its outputs once the kernel is idle again (plus a grace period).
   *
   * @param options.timeoutMs - give up after this long (default 10 minutes)
   * @param options.graceMs - after the cell finished, keep reading until no output came for this long (default 150 ms)
   */
  async execute(code: string, options: { timeoutMs?: number; graceMs?: number } = {}): Promise<Execution> {
    const timeoutMs = options.timeoutMs ?? 600_000;
    const id = await this.send(this.shell, 'execute_request', {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const outputs: CellOutput[] = [];
    const displays = new Map<string, number>();
    let reply: Message | null = null;
    let idle = false;
    const deadline = Date.now() + timeoutMs;
    const take = (m: Message) => {
      if (m.header.msg_type === 'execute_reply') reply = m;
      else if (m.header.msg_type === 'status') idle ||= m.content.execution_state === 'idle';
      else collectOutput(outputs, displays, m);
    };
    const mine = (m: Message) => m.parent_header.msg_id === id;
    while (!(reply !== null && idle)) {
      const m = await this.waitFor(mine, deadline - Date.now());
      if (m === null) {
        throw new Error(
          this.exitText !== '' ? this.exitText : `the cell did not finish within ${timeoutMs} ms`,
        );
      }
      take(m);
    }
    // Quiet for the grace period after the last message: every late output restarts the wait.
    for (;;) {
      const m = await this.waitFor(mine, options.graceMs ?? 150);
      if (m === null) break;
      take(m);
    }
    const content = (reply as Message).content;
    return {
      status: content.status as Execution['status'],
      executionCount: (content.execution_count as number | undefined) ?? null,
      outputs,
    };
  }

  /** Asks the kernel to shut down, then makes sure the process is gone and the sockets are closed. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    if (this.exitText === '') {
      await this.send(this.control, 'shutdown_request', { restart: false }).catch(() => undefined);
      const exited = new Promise<void>((r) => this.process.once('exit', () => r()));
      await Promise.race([exited, sleep(3000)]);
    }
    if (this.exitText === '') this.process.kill('SIGKILL');
    await this.close();
  }

  private async close(): Promise<void> {
    this.closed = true;
    for (const s of [this.shell, this.control, this.iopub]) s.close();
    await rm(this.connectionFile, { force: true });
  }
}
