// Trap (not a leak): a render cache of WeakRefs whose entries a FinalizationRegistry removes.
// Every page dies after its request; the cleanup callbacks lag the GC, but they do run.
import type { Workload } from '../../../harness/contract.ts';

class RenderedPage {
  constructor(readonly path: string, readonly html: string) {}
}

const pages = new Map<string, WeakRef<RenderedPage>>();
const cleanup = new FinalizationRegistry<string>((path) => {
  if (!pages.get(path)?.deref()) pages.delete(path);
});

function render(path: string): RenderedPage {
  const cached = pages.get(path)?.deref();
  if (cached) return cached;
  const page = new RenderedPage(path, `<main>${path}</main>`.padEnd(256, ' '));
  pages.set(path, new WeakRef(page));
  cleanup.register(page, path);
  return page;
}

let bytes = 0;

export default {
  iteration(i) {
    bytes += render(`/articles/${i}`).html.length;
  },
  metrics: () => ({ bytes, cached: pages.size }),
} satisfies Workload;
