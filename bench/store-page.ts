// Hands the store benchmark to bench/store-chromium.ts, which calls it through playwright on this page's real IndexedDB.
import { benchStore } from '../src/store/bench';

declare global {
  interface Window {
    runStoreBench?: typeof benchStore;
  }
}

window.runStoreBench = benchStore;
