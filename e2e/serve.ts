import { serveStatic } from './server.js';

/** `npm run web`: serves dist/web on http://localhost:$PORT (default 5173). */
const port = Number(process.env.PORT ?? 5173);
const { url } = await serveStatic('dist/web', port);
console.log(`CNN Studio: ${url}`);
