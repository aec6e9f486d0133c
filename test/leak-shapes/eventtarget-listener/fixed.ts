// An upload handler that cancels its work when the server shuts down. The request's 'abort'
// listener is removed when the upload is done.
import type { Workload } from '../../../harness/contract.ts';

const serverShutdown = new AbortController();

class Upload {
  cancelled = false;
  received = 0;
  constructor(readonly id: number, readonly name: string) {}
}

function handleUpload(id: number, chunks: number): Upload {
  const upload = new Upload(id, `upload-${id}.bin`);
  const onShutdown = () => {
    upload.cancelled = true;
  };
  serverShutdown.signal.addEventListener('abort', onShutdown);
  try {
    for (let c = 0; c < chunks && !upload.cancelled; c++) upload.received += 1024;
    return upload;
  } finally {
    serverShutdown.signal.removeEventListener('abort', onShutdown);
  }
}

let bytes = 0;

export default {
  iteration(i) {
    bytes += handleUpload(i, 1 + (i % 4)).received;
  },
  metrics: () => ({ bytes }),
} satisfies Workload;
