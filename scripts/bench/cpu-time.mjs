// node cpu-time.mjs <command> [args…]: run a command and print the CPU time (user + system) of
// it and every descendant it waited for, as a last line "cpu-time-ms <n>". On a shared machine
// wall time swings with the other jobs; CPU time much less, so before/after and with/without
// comparisons read it. Linux: the children's times are fields 16-17 of /proc/self/stat.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [command, ...args] = process.argv.slice(2);
const r = spawnSync(command, args, { stdio: 'inherit' });
// Clock ticks per second: 100 on every Linux the portal targets (sysconf(_SC_CLK_TCK)).
const TICK_MS = 10;
const stat = readFileSync('/proc/self/stat', 'utf8');
const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
// After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
const ms = (Number(fields[13]) + Number(fields[14])) * TICK_MS;
console.log(`cpu-time-ms ${ms}`);
process.exit(r.status ?? 1);
