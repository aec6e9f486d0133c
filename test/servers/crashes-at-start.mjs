// Fails before it listens, as a server with a missing setting does.
console.error('config: DATABASE_URL is not set');
throw new Error('DATABASE_URL is not set');
