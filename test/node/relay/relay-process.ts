/**
 * The relay's command run as a child process, as a shop runs it: `node <bin>` with only the given environment,
 * resolved once its listening line (JSON on stdout) names the port; stderr kept for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface RelayProcess {
  port: number;
  stderr: () => string;
  stop: () => void;
}

export async function startRelayProcess(bin: string, cwd: string, env: Record<string, string>): Promise<RelayProcess> {
  const child: ChildProcess = spawn(process.execPath, [bin], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${out} ${err}`)), 20_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`exited ${code}: ${err}`));
      });
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"port":(\d{2,5})\b/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    return { port, stderr: () => err, stop: () => child.kill('SIGTERM') };
  } catch (e) {
    child.kill('SIGTERM');
    throw e;
  }
}
