// axios@1.7.9: the token travels with the request itself (per-request headers), so no
// interceptor is added per call; the instance's interceptor list stays as it was built.
import axios, { type AxiosAdapter } from 'axios';
import type { Workload } from '../../../harness/contract.ts';

const upstream: AxiosAdapter = async (config) => ({ data: { ok: true, auth: config.headers.Authorization }, status: 200, statusText: 'OK', headers: {}, config });
const api = axios.create({ baseURL: 'http://inventory.internal', adapter: upstream });

async function getStock(sku: number, token: string): Promise<boolean> {
  const response = await api.get<{ ok: boolean }>(`/stock/${sku}`, { headers: { Authorization: `Bearer ${token}` } });
  return response.data.ok;
}

let ok = 0;

export default {
  async iteration(i) {
    if (await getStock(i, `token-${i % 3}`)) ok++;
  },
  metrics: () => ({ ok }),
} satisfies Workload;
