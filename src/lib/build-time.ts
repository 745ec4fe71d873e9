/**
 * The time a build says it was made. SOURCE_DATE_EPOCH (seconds, the reproducible-builds
 * convention) fixes it, so two builds of the same content give the same files and tests do not
 * depend on the wall clock; otherwise, now.
 */
export function buildTime(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (epoch) {
    const seconds = Number(epoch);
    if (!Number.isInteger(seconds) || seconds < 0) throw new Error(`SOURCE_DATE_EPOCH: "${epoch}" is not a number of seconds since 1970`);
    return new Date(seconds * 1000).toISOString();
  }
  return new Date().toISOString();
}
