import { Agent, request } from 'node:http';

/**
 * A minimal keep-alive HTTP client for timing the local gateway. The benchmark's client shares the
 * event loop and the 2 cores with the gateway and the handlers, so its own CPU lands in every API
 * figure; `fetch` (undici) costs ~0.1–0.15 ms more per call than `node:http` on this machine
 * (measured: `GET /health` p50 0.14 vs 0.07 ms), which is a tenth of a 1-SKU availability call.
 * One socket, reused: the calls are sequential.
 */
export function jsonClient() {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    get: (url: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        request(url, { agent, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            try {
              resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
          response.on('error', reject);
        })
          .on('error', reject)
          .end();
      }),
    close: () => agent.destroy(),
  };
}
