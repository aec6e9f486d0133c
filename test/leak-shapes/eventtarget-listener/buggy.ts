// An upload handler that cancels its work when the server shuts down. Each request adds an
// 'abort' listener to the long-lived `serverShutdown.signal` and never removes it.
import type { Workload } from '../../../harness/contract.ts';

const serverShutdown = new AbortController();

class Upload {
  cancelled = false;
  received = 0;
  constructor(readonly id: number, readonly name: string) {}
}

function handleUpload(id: number, chunks: number): Upload {
  const upload = new Upload(id, `upload-${id}.bin`);
  serverShutdown.signal.addEventListener('abort', () => {
    upload.cancelled = true; // holds the upload for as long as the server runs
  });
  for (let c = 0; c < chunks && !upload.cancelled; c++) upload.received += 1024;
  return upload;
}

let bytes = 0;

export default {
  iteration(i) {
    bytes += handleUpload(i, 1 + (i % 4)).received;
  },
  metrics: () => ({ bytes }),
} satisfies Workload;
