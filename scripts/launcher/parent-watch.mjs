// Preloaded into every app process the launcher starts (`node --import …/parent-watch.mjs`).
//
// The launcher gives its children process groups of their own, so that Ctrl-C reaches only the
// launcher and it can stop things in order. The price: when the launcher dies without its orderly
// shutdown (kill -9, the OOM killer), nothing else would stop them, and they would keep the port.
// So each child checks once a second whether its parent is still the launcher, and when it is not,
// stops itself the way the launcher would have: SIGTERM, which runs its graceful shutdown.
const launcher = process.ppid;

const timer = setInterval(() => {
  if (process.ppid === launcher) return;
  clearInterval(timer);
  process.kill(process.pid, 'SIGTERM');
}, 1000);
// The watch must not keep a process alive that has nothing else to do.
timer.unref();
