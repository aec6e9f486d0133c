// axios@1.7.9: a client that adds its auth-header interceptor inside the request function, on
// the shared instance, so every call pushes one more handler onto
// `api.interceptors.request.handlers` (and each call then runs all of them).
// Reported: axios/axios#1380 "Interceptors array potentially growing indefinitely", and #4345
// "Interceptors Persist" (an interceptor added per call runs once more on every call).
// The transport is a local adapter: the leak is in the client, not the network.
import axios, { type AxiosAdapter } from 'axios';
import type { Workload } from '../../../harness/contract.ts';

const upstream: AxiosAdapter = async (config) => ({ data: { ok: true, auth: config.headers.Authorization }, status: 200, statusText: 'OK', headers: {}, config });
const api = axios.create({ baseURL: 'http://inventory.internal', adapter: upstream });

async function getStock(sku: number, token: string): Promise<boolean> {
  api.interceptors.request.use((config) => {
    config.headers.Authorization = `Bearer ${token}`;
    return config;
  });
  const response = await api.get<{ ok: boolean }>(`/stock/${sku}`);
  return response.data.ok;
}

let ok = 0;

export default {
  async iteration(i) {
    if (await getStock(i, `token-${i % 3}`)) ok++;
  },
  metrics: () => ({ ok }),
} satisfies Workload;
