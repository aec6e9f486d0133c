// Starts, stays alive, and never opens a port.
setInterval(() => {}, 1000);
