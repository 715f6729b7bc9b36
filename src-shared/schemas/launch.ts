import { z } from 'zod';

const noNul = (text: string): boolean => !text.includes('\0');
const Word = z.string().min(1).max(4096).refine(noNul, 'no NUL characters');
/** A host path the workbench writes or reads: absolute, so nothing depends on a shell's cwd. */
const HostPath = Word.refine((path) => path.startsWith('/'), 'an absolute path on the host');

/**
 * How an endpoint's server is launched on its host, with what the launcher needs to change it
 * (issue #12). Recorded on the endpoint; `ServerConfig.launch` (server-config.ts) is what was
 * observed of a running server, this is what the workbench manages.
 */
export const LaunchSettings = z.discriminatedUnion('kind', [
  /**
   * The workbench starts and owns the server: argv[0] is the server binary; its pid file, log and
   * snapshots live in `stateDir` on the host (default: ~/.local/state/llm-workbench/<endpoint id>).
   */
  z.object({
    kind: z.literal('process'),
    argv: z.array(Word).min(1),
    cwd: HostPath.optional(),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().refine(noNul)).default({}),
    stateDir: HostPath.optional(),
    /** A llama-server found running that the user agreed to restart under the workbench's management. */
    adoptedPid: z.number().int().positive().optional(),
  }),
  /** A systemd service; `scope: 'user'` is `systemctl --user`. */
  z.object({ kind: z.literal('systemd'), unit: Word.regex(/^[A-Za-z0-9:_.@-]+\.service$/, 'a unit name ending in .service'), scope: z.enum(['system', 'user']).default('system') }),
  /** A container started with `docker run` or `podman run`. */
  z.object({ kind: z.literal('container'), runtime: z.enum(['docker', 'podman']), name: Word.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a container name') }),
  /** A service of a compose project; the workbench writes only an override file beside `file`. */
  z.object({ kind: z.literal('compose'), runtime: z.enum(['docker', 'podman']).default('docker'), file: HostPath, service: Word, project: Word.optional() }),
  /** The built-in demo server of this workbench. */
  z.object({ kind: z.literal('demo') }),
]);
export type LaunchSettings = z.infer<typeof LaunchSettings>;
export type LaunchKind = LaunchSettings['kind'];
