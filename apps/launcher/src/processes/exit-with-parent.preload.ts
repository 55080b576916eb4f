// Preloaded into every Node child of the launcher (`--require`): if the launcher dies without stopping its
// children (SIGKILL, crash), the IPC channel closes and the child stops as on SIGTERM, so nothing is orphaned.
if (process.send && process.channel) {
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
export {};
